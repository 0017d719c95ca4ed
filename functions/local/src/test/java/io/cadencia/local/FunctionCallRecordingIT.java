package io.cadencia.local;

import io.cadencia.app.Cadencia;
import io.cadencia.aws.AwsCallRecorder;
import io.cadencia.aws.AwsCallRecorder.Key;
import io.cadencia.catalogue.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local stack given a recorder gives each function its own clients, and every AWS call a function makes is recorded
 * under its logical id, DynamoDB's consumed capacity included, whether DynamoDB Local is reached over HTTP or in-process.
 */
class FunctionCallRecordingIT {

    static final Instant SCHEDULED = Instant.parse("2026-11-23T16:00:00Z");

    @ParameterizedTest
    @EnumSource(EmbeddedAws.DynamoMode.class)
    void eachFunctionsCallsAreRecordedUnderItsLogicalId(EmbeddedAws.DynamoMode mode) {
        AwsCallRecorder recorder = new AwsCallRecorder();
        Metering metering = new Metering() {
            @Override
            public Optional<AwsCallRecorder> awsCalls() {
                return Optional.of(recorder);
            }
        };
        SimulatedClock clock = new SimulatedClock(SCHEDULED, Cadencia.ZONE);
        try (LocalEnvironment env = LocalEnvironment.start(clock, Map.of(), mode, metering)) {
            env.seedTenants(2);
            Job job = env.catalogue().require("report_almoco");
            String dispatcher = env.deployment().functionFor("DispatcherHandler", job.category()).logicalId();
            String worker = env.deployment().functionFor("WorkerHandler", job.category()).logicalId();

            assertThat(env.tick(job, SCHEDULED)).containsEntry("messages", 2);
            assertThat(env.drain(job.category()).messages()).isEqualTo(2);

            assertThat(env.app(dispatcher).aws()).isNotSameAs(env.aws().clients()).isNotSameAs(env.app(worker).aws());
            Map<Key, Long> calls = recorder.calls();
            String tenantsTable = env.app(worker).config().tenantsTable();
            assertThat(calls).as("the tenants' rows written by the control function")
                    .containsKey(new Key("ControlFunction", "DynamoDb", "PutItem", tenantsTable))
                    .containsKey(new Key(dispatcher, "DynamoDb", "Query", tenantsTable));
            assertThat(calls.keySet()).as("the dispatcher's fan-out and the keys' envelope encryption")
                    .anyMatch(k -> k.label().equals(dispatcher) && k.operation().equals("SendMessageBatch"))
                    .anyMatch(k -> k.label().equals("ControlFunction") && k.operation().equals("GenerateDataKey"))
                    .anyMatch(k -> k.label().equals(worker) && k.operation().equals("Decrypt"));
            assertThat(recorder.capacity()).as("DynamoDB reported the units each function consumed")
                    .anySatisfy((key, units) -> {
                        assertThat(key.label()).isEqualTo("ControlFunction");
                        assertThat(units.write()).isPositive();
                    })
                    .anySatisfy((key, units) -> {
                        assertThat(key.label()).isEqualTo(worker);
                        assertThat(units.read() + units.write()).isPositive();
                    });
        }
    }

    @Test
    void withoutARecorderEveryFunctionSharesTheStacksClients() {
        try (LocalEnvironment env = LocalEnvironment.start(new SimulatedClock(SCHEDULED, Cadencia.ZONE), Map.of(),
                EmbeddedAws.DynamoMode.IN_PROCESS, Metering.NONE)) {
            assertThat(env.app("ControlFunction").aws()).isSameAs(env.aws().clients());
            assertThat(env.app("CriticoWorkerFunction").aws()).isSameAs(env.aws().clients());
        }
    }
}
