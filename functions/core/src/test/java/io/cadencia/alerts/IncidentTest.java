package io.cadencia.alerts;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final Check FIRING = new Check.Firing("3 messages in sending for more than 2 h");
    private static final Check CLEAR = new Check.Clear("no message in sending for more than 2 h");
    private static final Check UNKNOWN = new Check.Unknown("no data");

    private static Optional<Incident> next(Optional<Incident> current, Check check, Instant at) {
        return Incident.next(current, Alert.STUCK_MESSAGES, "tenant-01", check, at);
    }

    @Test
    void aFiringCheckWithNoIncidentOpensTheFirstVersion() {
        Incident opened = next(Optional.empty(), FIRING, T0).orElseThrow();

        assertThat(opened.state()).isEqualTo(Incident.State.OPEN);
        assertThat(opened.version()).isOne();
        assertThat(opened.openedAt()).isEqualTo(T0);
        assertThat(opened.resolvedAt()).isEmpty();
        assertThat(opened.detail()).isEqualTo(FIRING.detail());
        assertThat(opened.unnotified(Incident.Channel.WHATSAPP)).isTrue();
    }

    @Test
    void aConditionThatKeepsHoldingChangesNothing() {
        Optional<Incident> open = next(Optional.empty(), FIRING, T0);

        assertThat(next(open, FIRING, T0.plusSeconds(1800))).isEmpty();
        assertThat(next(open, UNKNOWN, T0.plusSeconds(1800))).isEmpty();
    }

    @Test
    void aClearingCheckResolvesTheOpenIncidentKeepingWhenItOpened() {
        Optional<Incident> open = next(Optional.empty(), FIRING, T0);
        Incident resolved = next(open, CLEAR, T0.plusSeconds(3600)).orElseThrow();

        assertThat(resolved.state()).isEqualTo(Incident.State.RESOLVED);
        assertThat(resolved.version()).isEqualTo(2);
        assertThat(resolved.openedAt()).isEqualTo(T0);
        assertThat(resolved.resolvedAt()).contains(T0.plusSeconds(3600));
        assertThat(resolved.changedAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void nothingToResolveWithoutAnOpenIncident() {
        assertThat(next(Optional.empty(), CLEAR, T0)).isEmpty();
        assertThat(next(Optional.empty(), UNKNOWN, T0)).isEmpty();
        Optional<Incident> resolved = next(next(Optional.empty(), FIRING, T0), CLEAR, T0.plusSeconds(60));
        assertThat(next(resolved, CLEAR, T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void anUnknownCheckNeverResolves() {
        Optional<Incident> open = next(Optional.empty(), FIRING, T0);

        assertThat(next(open, UNKNOWN, T0.plusSeconds(7200))).isEmpty();
    }

    @Test
    void firingAgainAfterResolvingOpensANewIncidentUnderTheNextVersion() {
        Optional<Incident> resolved = next(next(Optional.empty(), FIRING, T0), CLEAR, T0.plusSeconds(60));
        Incident reopened = next(resolved, FIRING, T0.plusSeconds(120)).orElseThrow();

        assertThat(reopened.version()).isEqualTo(3);
        assertThat(reopened.isOpen()).isTrue();
        assertThat(reopened.openedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(reopened.resolvedAt()).isEmpty();
    }

    @Test
    void aChannelIsUnnotifiedUntilToldOfTheLatestVersion() {
        Incident open = next(Optional.empty(), FIRING, T0).orElseThrow();
        Incident told = new Incident(open.alert(), open.subject(), open.state(), open.version(), open.openedAt(), open.resolvedAt(),
                open.detail(), Map.of(Incident.Channel.ENDPOINT, 1L));
        Incident resolved = next(Optional.of(told), CLEAR, T0.plusSeconds(60)).orElseThrow();

        assertThat(told.unnotified(Incident.Channel.ENDPOINT)).isFalse();
        assertThat(told.unnotified(Incident.Channel.WHATSAPP)).isTrue();
        assertThat(resolved.unnotified(Incident.Channel.ENDPOINT)).as("the resolution is news").isTrue();
        assertThat(resolved.notified()).containsEntry(Incident.Channel.ENDPOINT, 1L);
    }
}
