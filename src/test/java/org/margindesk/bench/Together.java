package org.margindesk.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The floors' way of timing: workers started at one signal, timed until the last has finished. */
final class Together {
  interface Worker {
    void run() throws Exception;
  }

  private Together() {}

  /**
   * Runs each worker on its own thread, all released at once.
   *
   * @return the time from the signal until every worker finished
   * @throws Exception the first failure of a worker, once all have finished
   */
  static Duration time(List<Worker> workers) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (Worker worker : workers) {
      threads.add(
          new Thread(
              () -> {
                try {
                  start.await();
                  worker.run();
                } catch (Exception e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    long started = System.nanoTime();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    long took = System.nanoTime() - started;
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return Duration.ofNanos(took);
  }
}
