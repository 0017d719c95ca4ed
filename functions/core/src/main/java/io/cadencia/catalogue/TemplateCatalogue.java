package io.cadencia.catalogue;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the catalogue from template.yaml, the one place schedules are written: every {@code ScheduleV2} event of
 * a dispatcher function is a job, named by the {@code job} field of its Input, whose optional {@code catchUp} field
 * is its {@link CatchUp} policy and optional {@code effects} field says whether its runs are claimed ({@link Effects}).
 */
public final class TemplateCatalogue {

    /** Where the build packages template.yaml inside every jar. */
    public static final String RESOURCE = "cadencia/template.yaml";

    private TemplateCatalogue() {
    }

    /** The packaged catalogue, parsed once per JVM (every function of a container shares it). */
    public static Catalogue fromClasspath() {
        return Packaged.CATALOGUE;
    }

    private static final class Packaged {
        static final Catalogue CATALOGUE = load();
    }

    private static Catalogue load() {
        InputStream in = TemplateCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + RESOURCE + " is missing; the build copies template.yaml there");
        }
        return fromTemplate(CloudFormationYaml.read(in));
    }

    public static Catalogue fromFile(Path template) {
        try {
            return fromTemplate(CloudFormationYaml.read(Files.newInputStream(template)));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    public static Catalogue fromTemplate(Map<String, Object> template) {
        List<Job> jobs = new ArrayList<>();
        for (Map.Entry<String, Object> resource : map(template.get("Resources")).entrySet()) {
            Map<String, Object> body = map(resource.getValue());
            if (!"AWS::Serverless::Function".equals(body.get("Type"))) {
                continue;
            }
            Map<String, Object> events = map(map(body.get("Properties")).get("Events"));
            for (Map.Entry<String, Object> event : events.entrySet()) {
                Map<String, Object> eventBody = map(event.getValue());
                if ("ScheduleV2".equals(eventBody.get("Type"))) {
                    jobs.add(toJob(resource.getKey() + "." + event.getKey(), map(eventBody.get("Properties"))));
                }
            }
        }
        return new Catalogue(jobs);
    }

    private static Job toJob(String where, Map<String, Object> properties) {
        Object zoneName = properties.get("ScheduleExpressionTimezone");
        if (!(zoneName instanceof String zone)) {
            throw new IllegalArgumentException(where + ": ScheduleExpressionTimezone is required");
        }
        Object rawInput = properties.get("Input");
        if (!(rawInput instanceof String inputJson)) {
            throw new IllegalArgumentException(where + ": Input must be a JSON string naming the job");
        }
        Map<String, Object> input = map(new Load(LoadSettings.builder().build()).loadFromString(inputJson));
        AwsCron cron = AwsCron.parse(String.valueOf(properties.get("ScheduleExpression")), ZoneId.of(zone));
        return new Job(str(input.get("job")), str(input.get("category")), str(input.get("endpoint")), cron, where,
                CatchUp.parse(input.get("catchUp"), where), java.util.Optional.ofNullable(str(input.get("tenantTime"))),
                Effects.parse(input.get("effects"), where));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
