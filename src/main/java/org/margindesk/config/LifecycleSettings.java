package org.margindesk.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.margindesk.domain.LiquidationStep;
import org.margindesk.domain.StepMode;

/** Lifecycle configuration resolved against its defaults, read once when a call opens. */
@ApplicationScoped
public class LifecycleSettings {
  public static final Duration DEFAULT_TASK_SLA = Duration.ofMinutes(30);

  private final MarginDeskConfig config;

  LifecycleSettings(MarginDeskConfig config) {
    this.config = config;
  }

  public Map<LiquidationStep, StepMode> stepModes() {
    Map<LiquidationStep, StepMode> modes = new EnumMap<>(LiquidationStep.class);
    for (String key : config.liquidation().steps().keySet()) {
      boolean known = false;
      for (LiquidationStep step : LiquidationStep.values()) {
        known |= step.kebab().equals(key);
      }
      if (!known) {
        throw new IllegalStateException(
            "margin-desk.liquidation.steps." + key + " names no liquidation step");
      }
    }
    for (LiquidationStep step : LiquidationStep.values()) {
      MarginDeskConfig.StepSetting setting = config.liquidation().steps().get(step.kebab());
      modes.put(
          step,
          setting == null
              ? step.defaultMode()
              : setting.mode().map(StepMode::parse).orElse(step.defaultMode()));
    }
    return modes;
  }

  public List<Duration> reminderOffsets() {
    return config.reminders().offsets();
  }

  /**
   * @param taskType the step name, e.g. CLOSE_ALL_POSITIONS
   */
  public Duration taskSla(String taskType) {
    String key = taskType.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    MarginDeskConfig.TaskType setting = config.tasks().get(key);
    return setting == null ? DEFAULT_TASK_SLA : setting.sla().orElse(DEFAULT_TASK_SLA);
  }
}
