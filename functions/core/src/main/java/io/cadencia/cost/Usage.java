package io.cadencia.cost;

import java.time.Duration;
import java.util.Map;

/**
 * What a stretch of simulated time used, as measured: the input of {@link CostModel}.
 *
 * @param simulated          simulated time covered (a day, or less in tests)
 * @param tenants            active tenants simulated
 * @param functions          per function logical id
 * @param schedulerInvocations scheduler ticks delivered to dispatchers
 * @param sqsRequests        SQS requests of the functions and of the event source, in 64 KB chunks
 * @param dynamoWriteUnits   DynamoDB on-demand write request units (consumed capacity, indexes included)
 * @param dynamoReadUnits    DynamoDB on-demand read request units
 * @param secretsManagerCalls Secrets Manager API calls
 * @param kmsRequests        KMS API calls
 * @param customMetrics      distinct metric name, namespace and dimension sets emitted
 * @param secretsStored      Secrets Manager secrets existing at the end
 * @param kmsKeys            customer-managed KMS keys of the stack
 * @param queues             SQS queues a Lambda event source polls
 * @param outside            calls to services outside the sum (WhatsApp, HubSoft, tenant endpoints), by name
 */
public record Usage(Duration simulated, int tenants, Map<String, FunctionUsage> functions, long schedulerInvocations,
                    long sqsRequests, double dynamoWriteUnits, double dynamoReadUnits, long secretsManagerCalls,
                    long kmsRequests, int customMetrics, int secretsStored, int kmsKeys, int queues, Map<String, Long> outside) {

    public Usage {
        if (simulated.isZero() || simulated.isNegative() || tenants <= 0) {
            throw new IllegalArgumentException("usage needs simulated time and tenants (got " + simulated + ", " + tenants + ")");
        }
        functions = Map.copyOf(functions);
        outside = Map.copyOf(outside);
    }

    /**
     * One function's invocations.
     *
     * @param perTick   its invocations and log lines follow the schedule, not the tenants (a dispatcher: one per tick)
     * @param gbSeconds billed duration times the function's memory
     * @param logBytes  bytes of its JSON log and EMF lines
     */
    public record FunctionUsage(long invocations, double gbSeconds, long logBytes, boolean perTick) {
    }
}
