package io.cadencia.catalogue;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** template.yaml against seed 001's JOBS list (copied verbatim into seed-001-jobs.psv): same jobs, same fire times. */
class TemplateCatalogueTest {

    record SeedJob(String name, String endpoint, String unixCron, String category) {
    }

    static List<SeedJob> seed() throws Exception {
        List<SeedJob> jobs = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(TemplateCatalogueTest.class.getResourceAsStream("/seed-001-jobs.psv")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split("\\|");
                jobs.add(new SeedJob(f[0], f[1], f[2], f[3]));
            }
        }
        return jobs;
    }

    @Test
    void everySeedJobIsScheduledOnceWithItsCategoryAndEndpoint() throws Exception {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        List<SeedJob> seed = seed();
        assertThat(seed).hasSize(24);
        assertThat(catalogue.jobs()).hasSize(24);
        for (SeedJob s : seed) {
            Job job = catalogue.require(s.name());
            assertThat(job.category()).as(s.name()).isEqualTo(s.category());
            assertThat(job.endpoint()).as(s.name()).isEqualTo(s.endpoint());
            assertThat(job.schedule().zone()).isEqualTo(ZoneId.of("America/Sao_Paulo"));
        }
    }

    @Test
    void everyJobFiresAtExactlyTheSeedTimesOverTwoWeeks() throws Exception {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        ZoneId zone = ZoneId.of("America/Sao_Paulo");
        LocalDateTime start = LocalDateTime.of(2026, 11, 16, 0, 0);
        for (SeedJob s : seed()) {
            // A tenant-time job's schedule is the slot grid; each tenant's time comes from its setting (issue 12).
            String cron = TENANT_TIME.containsKey(s.name()) ? "*/15 * * * *" : s.unixCron();
            List<Instant> expected = new ArrayList<>();
            for (LocalDateTime t = start; t.isBefore(start.plusDays(14)); t = t.plusMinutes(1)) {
                if (UnixCron.matches(cron, t)) {
                    expected.add(ZonedDateTime.of(t, zone).toInstant());
                }
            }
            List<Instant> actual = catalogue.require(s.name()).schedule()
                    .firesBetween(ZonedDateTime.of(start, zone).toInstant(), ZonedDateTime.of(start.plusDays(14), zone).toInstant());
            assertThat(actual).as(s.name() + " " + s.unixCron()).isEqualTo(expected);
        }
    }

    /**
     * Seed 000's times: checkups at horario_verificacao, nightly maintenance at horario_limpeza. The metrics
     * consolidation stays a fixed-time job: it sums the day before for everyone, and its catch-up runs every missed day.
     */
    static final Map<String, String> TENANT_TIME = Map.of(
            "doctor_state_manutencao_diaria", "horario_verificacao",
            "avaliar_conversas_pendentes", "horario_limpeza",
            "limpar_grupos_finalizados", "horario_limpeza");

    @Test
    void tenantTimeJobsNameTheSettingThatHoldsEachTenantsTime() {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        for (Job job : catalogue.jobs()) {
            assertThat(job.tenantTime()).as(job.name()).isEqualTo(java.util.Optional.ofNullable(TENANT_TIME.get(job.name())));
        }
    }

    @Test
    void aTenantTimeFieldThatIsNoTimeSettingIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Job("x", "manutencao", "/x", AwsCron.parse("cron(0/15 * * * ? *)", ZoneId.of("America/Sao_Paulo")), "t",
                CatchUp.DEFAULT, java.util.Optional.of("reminder_plan")))
                .hasMessageContaining("field 'tenantTime' value 'reminder_plan'");
    }

    @Test
    void criticalCategoryHoldsOnlyTheMinuteByMinuteSender() {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        assertThat(catalogue.jobsOf(Catalogue.CRITICAL)).extracting(Job::name).containsExactly("processar_mensagens_agendadas");
        assertThat(catalogue.categories()).hasSize(11);
    }

    @Test
    void unknownJobErrorNamesItAndTheKnownOnes() {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        assertThatThrownBy(() -> catalogue.require("enviar_tudo"))
                .isInstanceOf(UnknownNameException.class)
                .hasMessageContaining("unknown job 'enviar_tudo'")
                .hasMessageContaining("report_manha");
    }

    @Test
    void aScheduleWithoutTimezoneIsRefused() {
        Map<String, Object> template = Map.of("Resources", Map.of("F", Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Events", Map.of("E", Map.of("Type", "ScheduleV2", "Properties",
                        Map.of("ScheduleExpression", "cron(0 1 * * ? *)", "Input", "{\"job\":\"x\",\"category\":\"y\"}")))))));
        assertThatThrownBy(() -> TemplateCatalogue.fromTemplate(template)).hasMessageContaining("F.E").hasMessageContaining("ScheduleExpressionTimezone");
    }

    @Test
    void everyJobButTenantTimeOnesNamesItsCatchUpPolicyInItsScheduleInput() {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        Map<String, Object> template = CloudFormationYaml.read(Objects.requireNonNull(
                TemplateCatalogueTest.class.getClassLoader().getResourceAsStream(TemplateCatalogue.RESOURCE)));
        // A tenant-time job's missed slot runs once at the next tick after it (its own rule), so it names no policy.
        assertThat(template.toString().split("\"catchUp\"", -1)).as("one catchUp field per schedule Input but tenant-time ones")
                .hasSize(25 - TENANT_TIME.size());
        assertThat(catalogue.require("processar_mensagens_agendadas").catchUp())
                .as("its items carry their own due times: the next tick sends whatever is due")
                .isEqualTo(new CatchUp(CatchUp.Policy.SKIP, 1, Duration.ofMinutes(5)));
        assertThat(catalogue.require("report_manha").catchUp()).isEqualTo(new CatchUp(CatchUp.Policy.ONCE, 1, Duration.ofDays(2)));
        assertThat(catalogue.require("processar_confirmacao_plantao").catchUp()).isEqualTo(new CatchUp(CatchUp.Policy.ALL, 6, Duration.ofHours(12)));
        assertThat(catalogue.jobs()).extracting(job -> job.catchUp().policy()).contains(CatchUp.Policy.values());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchedulerNeverDeliversATickLaterThanTheDispatcherExpects() {
        Map<String, Object> template = CloudFormationYaml.read(Objects.requireNonNull(
                TemplateCatalogueTest.class.getClassLoader().getResourceAsStream(TemplateCatalogue.RESOURCE)));
        List<Integer> maxEventAges = new ArrayList<>();
        for (Object resource : ((Map<String, Object>) template.get("Resources")).values()) {
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) resource).getOrDefault("Properties", Map.of());
            for (Object event : ((Map<String, Object>) properties.getOrDefault("Events", Map.of())).values()) {
                Map<String, Object> body = (Map<String, Object>) event;
                if ("ScheduleV2".equals(body.get("Type"))) {
                    Map<String, Object> retry = (Map<String, Object>) ((Map<String, Object>) body.get("Properties")).get("RetryPolicy");
                    maxEventAges.add((Integer) retry.get("MaximumEventAgeInSeconds"));
                }
            }
        }
        assertThat(maxEventAges).hasSize(24).allMatch(age -> Duration.ofSeconds(age).compareTo(io.cadencia.dispatch.Dispatcher.LATE_DELIVERY) < 0);
    }

    @Test
    void aBadCatchUpFieldIsRefusedNamingTheSchedule() {
        Map<String, Object> template = Map.of("Resources", Map.of("F", Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Events", Map.of("E", Map.of("Type", "ScheduleV2", "Properties",
                        Map.of("ScheduleExpression", "cron(0 1 * * ? *)", "ScheduleExpressionTimezone", "America/Sao_Paulo",
                                "Input", "{\"job\":\"x\",\"category\":\"y\",\"catchUp\":{\"policy\":\"al\"}}")))))));
        assertThatThrownBy(() -> TemplateCatalogue.fromTemplate(template)).hasMessage("F.E: catchUp.policy value 'al' is not one of skip, once, all");
    }

    @Test
    void onlyTheWhatsAppHealthCheckRunsWithoutAClaim() {
        Catalogue catalogue = TemplateCatalogue.fromClasspath();
        assertThat(catalogue.jobs()).filteredOn(job -> job.effects() == Effects.NONE).extracting(Job::name)
                .as("docs/job-effects.md argues each job").containsExactly("verificar_whatsapp");
    }

    @Test
    void anUnknownEffectsValueIsRefusedNamingTheScheduleFieldAndValue() {
        Map<String, Object> template = Map.of("Resources", Map.of("F", Map.of("Type", "AWS::Serverless::Function",
                "Properties", Map.of("Events", Map.of("E", Map.of("Type", "ScheduleV2", "Properties",
                        Map.of("ScheduleExpression", "cron(0 1 * * ? *)", "ScheduleExpressionTimezone", "America/Sao_Paulo",
                                "Input", "{\"job\":\"x\",\"category\":\"y\",\"effects\":\"read-only\"}")))))));
        assertThatThrownBy(() -> TemplateCatalogue.fromTemplate(template))
                .hasMessage("F.E: effects value 'read-only' is not one of once, none");
    }

    /** The seed's five-field Unix cron (minute hour dom month dow, 0 = Sunday), only the forms the seed uses. */
    static final class UnixCron {
        static boolean matches(String expression, LocalDateTime t) {
            String[] f = expression.split(" ");
            return field(f[0], t.getMinute()) && field(f[1], t.getHour()) && field(f[2], t.getDayOfMonth())
                    && field(f[3], t.getMonthValue()) && field(f[4], t.getDayOfWeek().getValue() % 7);
        }

        static boolean field(String spec, int value) {
            if (spec.equals("*")) {
                return true;
            }
            if (spec.startsWith("*/")) {
                return value % Integer.parseInt(spec.substring(2)) == 0;
            }
            if (spec.contains("-")) {
                String[] r = spec.split("-");
                return value >= Integer.parseInt(r[0]) && value <= Integer.parseInt(r[1]);
            }
            return value == Integer.parseInt(spec);
        }
    }
}
