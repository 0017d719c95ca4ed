package io.cadencia.local.hubsoft;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HubSoftBenchIT {

    @Test
    void theTypicalDayNeedsAtLeastNinetyPercentFewerRequestsWithoutA429() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            HubSoftBench.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1];
        original.println(last);
        Matcher m = Pattern.compile("hubsoft requests: naive=(\\d+) cadencia=(\\d+) reduction=(\\d+)% 429s=(\\d+)").matcher(last);
        assertThat(m.matches()).as(last).isTrue();
        assertThat(Integer.parseInt(m.group(3))).isGreaterThanOrEqualTo(90);
        assertThat(Integer.parseInt(m.group(4))).isZero();
    }
}
