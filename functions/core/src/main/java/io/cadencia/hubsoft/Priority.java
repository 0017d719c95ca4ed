package io.cadencia.hubsoft;

/**
 * Who is asking HubSoft, most urgent first (seed 003 §5): ticket creation, real-time checks a person waits for,
 * synchronizations, background work. Lower priorities may not spend the tokens reserved for higher ones.
 */
public enum Priority {
    CRITICAL, HIGH, NORMAL, LOW
}
