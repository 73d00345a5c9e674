package org.margindesk.config;

/**
 * What one instance of the service does. The same image runs as all three, so the API can scale
 * with request load and the workers with workflow load, and a slow-draining worker never holds up
 * an API rollout.
 */
public enum InstanceRole {
  /** Serves the API and polls the task queues: embedded mode, single-instance installs. */
  ALL,
  /** Serves {@code /api} and starts workflows through the client; never polls a task queue. */
  API,
  /** Polls the task queues and runs periodic jobs; answers only health and metrics over HTTP. */
  WORKER;

  public boolean runsWorkers() {
    return this != API;
  }

  public boolean servesApi() {
    return this != WORKER;
  }
}
