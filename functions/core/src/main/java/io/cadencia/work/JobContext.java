package io.cadencia.work;

import io.cadencia.catalogue.Job;
import io.cadencia.dispatch.WorkMessage;
import io.cadencia.tenant.Settings;
import io.cadencia.tenant.Tenant;

import java.time.Clock;

/** Everything one run of a job for one tenant may use; nothing in it reaches another tenant's data. */
public record JobContext(Job job, WorkMessage work, Tenant tenant, Settings settings, Clock clock, String workerId) {
}
