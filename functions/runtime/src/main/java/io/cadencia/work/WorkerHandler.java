package io.cadencia.work;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.app.Invocation;
import io.cadencia.config.RuntimeConfig;
import io.cadencia.observability.LogContext;
import io.cadencia.retry.RetryPolicy;

import java.time.Duration;
import java.util.List;

/**
 * SQS FIFO worker of a category (event source mapping with ReportBatchItemFailures): runs the batch with
 * {@link BatchRunner} and reports the messages it hands back.
 */
public final class WorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Without a Lambda context (a direct call), the 60 s Timeout of template.yaml's Globals. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Cadencia app;
    private final BatchRunner runner;

    public WorkerHandler() {
        this(Cadencia.fromEnvironment());
    }

    public WorkerHandler(Cadencia app) {
        this.app = app;
        this.runner = new BatchRunner(app.controls()::pauses, app.metrics(), app.clock(), redelivery(app.config()),
                app.config().optional("CATEGORY"), LogContext.carriedTo(app.groups()), new LoggedBatchEvents());
    }

    private static RetryPolicy redelivery(RuntimeConfig config) {
        String attempts = config.optional("WORK_MAX_ATTEMPTS").orElse("5");
        if (!attempts.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("WORK_MAX_ATTEMPTS value '" + attempts + "' must be a whole number from 1 to 999");
        }
        return RetryPolicy.exponential(Integer.parseInt(attempts), config.duration("WORK_RETRY_BASE", Duration.ofSeconds(30)), 2.0,
                config.duration("WORK_RETRY_MAX", Duration.ofMinutes(15))).spread(RetryPolicy.Spread.UPPER_HALF, Duration.ofSeconds(1));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocation.run(app, context, () -> {
            SqsWorkBatch batch = new SqsWorkBatch(event, app.aws().sqs(), app.config());
            Worker worker = app.worker(app.instanceId() + (context == null ? "" : "/" + context.getAwsRequestId()));
            List<Delivery> deliveries = batch.deliveries();
            Duration remaining = context == null ? DEFAULT_TIMEOUT : Duration.ofMillis(context.getRemainingTimeInMillis());
            return batch.response(runner.run(deliveries, worker::process, remaining, batch));
        });
    }
}
