package io.cadencia.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.cadencia.app.Cadencia;
import io.cadencia.work.BatchRunner;
import io.cadencia.work.Delivery;
import io.cadencia.work.Worker;
import io.cadencia.work.SqsWorkBatch;
import io.cadencia.work.LoggedBatchEvents;
import io.cadencia.app.Invocation;
import io.cadencia.config.FunctionSettings;
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

    /** Lambda's constructor: the container's root, and this handler's request primed before a SnapStart snapshot. */
    public WorkerHandler() {
        this(Cadencia.fromEnvironment());
        PrimingRequests.beforeSnapshot(app, PrimingRequests::worker);
    }

    public WorkerHandler(Cadencia app) {
        this.app = app;
        FunctionSettings.Runs runs = app.settings().runs();
        // Whole seconds, the unit of SQS visibility; between half the ceiling and the ceiling, so delays keep growing.
        this.runner = new BatchRunner(app.controls()::pauses, app.metrics(), app.clock(),
                RetryPolicy.exponential(runs.maxAttempts(), runs.retryBase(), 2.0, runs.retryMax())
                        .spread(RetryPolicy.Spread.UPPER_HALF, Duration.ofSeconds(1)),
                app.settings().category(), LogContext.carriedTo(app.groups()), new LoggedBatchEvents());
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
