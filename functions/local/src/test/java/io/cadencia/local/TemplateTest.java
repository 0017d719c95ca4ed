package io.cadencia.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.cadencia.alerts.OperationsMonitor;
import io.cadencia.alerts.TenantAlerts;
import io.cadencia.app.Cadencia;
import io.cadencia.catalogue.Catalogue;
import io.cadencia.catalogue.Job;
import io.cadencia.catalogue.TemplateCatalogue;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml as SAM will read it: structure, wiring, and every handler it names exists. */
class TemplateTest {

    static final Map<String, Object> TEMPLATE = LocalDeployment.packagedTemplate();

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> resources() {
        return map(TEMPLATE.get("Resources"));
    }

    @Test
    void everyHandlerNamedInTheTemplateExistsAndCanBeBuiltFromTheCompositionRoot() throws Exception {
        int functions = 0;
        for (Map.Entry<String, Object> r : resources().entrySet()) {
            if (!"AWS::Serverless::Function".equals(map(r.getValue()).get("Type"))) {
                continue;
            }
            functions++;
            String handler = (String) map(map(r.getValue()).get("Properties")).get("Handler");
            assertThat(handler).as(r.getKey()).endsWith("::handleRequest");
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertThat(RequestHandler.class.isAssignableFrom(type)).as(handler).isTrue();
            // getConstructor throws rather than return null, so assert on the list of public constructors instead.
            assertThat(type.getConstructors()).as("Lambda needs a public no-arg constructor: " + handler)
                    .anySatisfy(c -> assertThat(c.getParameterTypes()).isEmpty());
            assertThat(type.getConstructors()).as("the composition root's constructor of " + handler)
                    .anySatisfy(c -> assertThat(c.getParameterTypes()).containsExactly(Cadencia.class));
        }
        assertThat(functions).isGreaterThanOrEqualTo(23);
    }

    @Test
    void seed002sFourAlertsAreAlarmsRightAfterTheTopicOnDimensionlessMetricsTheCodeEmits() {
        List<String> ids = List.copyOf(resources().keySet());
        int topic = ids.indexOf("AlarmTopic");
        assertThat(ids.subList(topic + 1, topic + 5)).containsExactly("StuckMessagesAlarm", "ErrorRateAlarm", "MissedRunAlarm", "WhatsAppOfflineAlarm");
        String namespace = (String) map(map(map(map(TEMPLATE.get("Globals")).get("Function")).get("Environment")).get("Variables"))
                .get("POWERTOOLS_METRICS_NAMESPACE");
        Map<String, String> metricOf = Map.of("StuckMessagesAlarm", TenantAlerts.STUCK_METRIC, "MissedRunAlarm", OperationsMonitor.METRIC,
                "WhatsAppOfflineAlarm", TenantAlerts.OFFLINE_METRIC);
        for (String id : List.of("StuckMessagesAlarm", "ErrorRateAlarm", "MissedRunAlarm", "WhatsAppOfflineAlarm")) {
            Map<String, Object> alarm = map(map(resources().get(id)).get("Properties"));
            assertThat(alarm.get("AlarmActions")).as(id).isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
            assertThat(alarm.get("OKActions")).as(id).isEqualTo(List.of(Map.of("Ref", "AlarmTopic")));
            assertThat(alarm).as(id).containsKey("TreatMissingData").doesNotContainKey("Dimensions");
            if (metricOf.containsKey(id)) {
                assertThat(alarm).as(id).containsEntry("Namespace", namespace).containsEntry("MetricName", metricOf.get(id));
            }
        }
        List<Object> terms = ((List<?>) map(map(resources().get("ErrorRateAlarm")).get("Properties")).get("Metrics")).stream()
                .map(q -> map(q).get("MetricStat")).filter(java.util.Objects::nonNull).map(stat -> map(stat).get("Metric")).toList();
        assertThat(terms).containsExactlyInAnyOrder(Map.of("Namespace", namespace, "MetricName", TenantAlerts.FAILURES_METRIC),
                Map.of("Namespace", namespace, "MetricName", TenantAlerts.ATTEMPTS_METRIC));
    }

    @Test
    void everyCategoryHasItsOwnDispatcherQueueDeadLetterQueueAndWorker() {
        Catalogue catalogue = TemplateCatalogue.fromTemplate(TEMPLATE);
        for (String category : catalogue.categories()) {
            String prefix = java.util.Arrays.stream(category.split("_")).map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
                    .reduce("", String::concat);
            Map<String, Object> queue = map(map(resources().get(prefix + "Queue")).get("Properties"));
            assertThat(queue).as(category).containsEntry("FifoQueue", true).containsEntry("ContentBasedDeduplication", false);
            assertThat(map(queue.get("RedrivePolicy")).get("deadLetterTargetArn")).isEqualTo(Map.of("Fn::GetAtt", List.of(prefix + "DeadLetterQueue", "Arn")));
            Map<String, Object> worker = map(map(resources().get(prefix + "WorkerFunction")).get("Properties"));
            assertThat(map(worker.get("Environment")).toString()).contains("CATEGORY=" + category);
            Map<String, Object> source = map(map(map(worker.get("Events")).get("Work")).get("Properties"));
            assertThat(source.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            assertThat(source.get("Queue")).isEqualTo(Map.of("Fn::GetAtt", List.of(prefix + "Queue", "Arn")));
            Map<String, Object> dispatcher = map(map(resources().get(prefix + "DispatcherFunction")).get("Properties"));
            Set<String> scheduled = new HashSet<>();
            map(dispatcher.get("Events")).values().forEach(e -> {
                Map<String, Object> props = map(map(e).get("Properties"));
                assertThat(map(e).get("Type")).isEqualTo("ScheduleV2");
                assertThat(props).containsEntry("ScheduleExpressionTimezone", "America/Sao_Paulo");
                assertThat((String) props.get("Input")).contains("<aws.scheduler.scheduled-time>");
                scheduled.add(((String) props.get("Input")).replaceAll(".*\"job\": \"([^\"]+)\".*", "$1"));
            });
            assertThat(scheduled).as(category).containsExactlyInAnyOrderElementsOf(catalogue.jobsOf(category).stream().map(Job::name).toList());
        }
    }

    @Test
    void theRedriveLimitLeavesRoomForTheWorkersOwnAttemptsAndTheWorkerMayDelayRedelivery() {
        int maxAttempts = Integer.parseInt((String) map(map(map(TEMPLATE.get("Globals")).get("Function")).get("Environment")).entrySet().stream()
                .filter(e -> e.getKey().equals("Variables")).map(e -> map(e.getValue()).get("WORK_MAX_ATTEMPTS")).findFirst().orElseThrow());
        for (String category : TemplateCatalogue.fromTemplate(TEMPLATE).categories()) {
            String prefix = Character.toUpperCase(category.charAt(0)) + category.substring(1);
            Map<String, Object> queue = map(map(resources().get(prefix + "Queue")).get("Properties"));
            assertThat((Integer) map(queue.get("RedrivePolicy")).get("maxReceiveCount")).as(category)
                    .as("a message is received up to 9 x WORK_MAX_ATTEMPTS times behind failing ones of its group, then its own attempts")
                    .isGreaterThanOrEqualTo(10 * maxAttempts);
            String policies = map(map(resources().get(prefix + "WorkerFunction")).get("Properties")).get("Policies").toString();
            assertThat(policies).as(category).contains("sqs:ChangeMessageVisibility").contains(prefix + "Queue");
        }
    }

    @Test
    void theCriticalWorkerScalesSeparatelyFromBatchCategories() {
        Map<String, Object> critical = map(map(map(map(map(resources().get("CriticoWorkerFunction")).get("Properties")).get("Events")).get("Work")).get("Properties"));
        Map<String, Object> batch = map(map(map(map(map(resources().get("ReportWorkerFunction")).get("Properties")).get("Events")).get("Work")).get("Properties"));
        assertThat(map(critical.get("ScalingConfig")).get("MaximumConcurrency")).isEqualTo(Map.of("Ref", "CriticalWorkerConcurrency"));
        assertThat(map(batch.get("ScalingConfig")).get("MaximumConcurrency")).isEqualTo(Map.of("Ref", "BatchWorkerConcurrency"));
    }
}
