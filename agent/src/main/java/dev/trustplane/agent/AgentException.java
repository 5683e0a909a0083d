package dev.trustplane.agent;

/** A step of the workload's attest-and-release flow failed; the message names the step and the reason. */
public final class AgentException extends Exception {
    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
