package io.cadencia.app;

/**
 * Something a SnapStart snapshot must not freeze as it is: work done once before the snapshot (priming), or state
 * that every container restored from the snapshot must make its own again (an identity, a random seed).
 */
public interface Restorable {

    /** Runs once, before the snapshot is taken (when a version is published); its failure stops the publish. */
    default void beforeCheckpoint() throws Exception {
    }

    /** Runs in each container restored from the snapshot, before its first invocation. */
    default void afterRestore() throws Exception {
    }

    static Restorable beforeSnapshot(Action action) {
        return new Restorable() {
            @Override
            public void beforeCheckpoint() throws Exception {
                action.run();
            }
        };
    }

    static Restorable afterEachRestore(Action action) {
        return new Restorable() {
            @Override
            public void afterRestore() throws Exception {
                action.run();
            }
        };
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }
}
