package io.cadencia.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The job catalogue as deployed: every scheduled job, by name and by category. */
public final class Catalogue {

    /** The category whose queue and worker are reserved so batch backlog can never delay it. */
    public static final String CRITICAL = "critico";

    private final Map<String, Job> byName;

    public Catalogue(Collection<Job> jobs) {
        Map<String, Job> map = new LinkedHashMap<>();
        for (Job job : jobs) {
            if (map.putIfAbsent(job.name(), job) != null) {
                throw new IllegalArgumentException("job '" + job.name() + "' is scheduled twice");
            }
        }
        this.byName = Map.copyOf(map);
        this.ordered = List.copyOf(map.values());
    }

    private final List<Job> ordered;

    public List<Job> jobs() {
        return ordered;
    }

    public Optional<Job> job(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The job, or an error naming the unknown job and the known ones. */
    public Job require(String name) {
        return job(name).orElseThrow(() -> new UnknownNameException("job", name, byName.keySet()));
    }

    public Set<String> categories() {
        Set<String> categories = new TreeSet<>();
        ordered.forEach(job -> categories.add(job.category()));
        return categories;
    }

    public String requireCategory(String category) {
        if (!categories().contains(category)) {
            throw new UnknownNameException("category", category, categories());
        }
        return category;
    }

    public List<Job> jobsOf(String category) {
        List<Job> jobs = new ArrayList<>();
        for (Job job : ordered) {
            if (job.category().equals(category)) {
                jobs.add(job);
            }
        }
        return jobs;
    }
}
