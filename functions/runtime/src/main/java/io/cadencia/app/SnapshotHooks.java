package io.cadencia.app;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The container's {@link Restorable}s, run by SnapStart through the CRaC API: before the snapshot in the order they
 * were added, after a restore in the same order.
 *
 * <p>Lambda's Java runtime keeps CRaC resources by weak reference (so does org.crac's own registry), and it runs a
 * garbage collection before the hooks: the global instance is held here, in a static field, or it would vanish
 * before its hooks run. Outside a SnapStart runtime (the local runner, tests, a JVM without CRaC) nothing calls it,
 * and tests drive an instance of their own through {@link #beforeCheckpoint} and {@link #afterRestore}.
 */
public final class SnapshotHooks implements Resource {

    private static final Logger LOG = LogManager.getLogger(SnapshotHooks.class);
    private static final SnapshotHooks GLOBAL = new SnapshotHooks();

    static {
        Core.getGlobalContext().register(GLOBAL);
    }

    private final List<Restorable> restorables = new CopyOnWriteArrayList<>();

    /** The hooks the Lambda runtime calls. */
    public static SnapshotHooks global() {
        return GLOBAL;
    }

    public void add(Restorable restorable) {
        restorables.add(restorable);
    }

    public void addAll(List<Restorable> more) {
        restorables.addAll(more);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
        runEach(Restorable::beforeCheckpoint, "primed for the snapshot in {} ms");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws Exception {
        runEach(Restorable::afterRestore, "restored from the snapshot in {} ms");
    }

    private void runEach(Hook hook, String done) throws Exception {
        long started = System.nanoTime();
        for (Restorable restorable : restorables) {
            hook.run(restorable);
        }
        LOG.info(done, (System.nanoTime() - started) / 1_000_000);
    }

    @FunctionalInterface
    private interface Hook {
        void run(Restorable restorable) throws Exception;
    }
}
