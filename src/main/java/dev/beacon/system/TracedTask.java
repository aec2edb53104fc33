package dev.beacon.system;

/**
 * A scheduled task whose runs are traced, each a trace of its own. Every other scheduled
 * task (housekeeping that runs every second: timeouts, presence checks) runs without a
 * span, so it starts no trace that nobody asked for; its runs are still timed
 * ({@code tasks.scheduled.execution}).
 */
public interface TracedTask {

}
