package io.cadencia.control;

import java.util.Map;

/** One operator action of the control function. */
@FunctionalInterface
public interface ControlAction {
    Map<String, Object> apply(ControlRequest request);
}
