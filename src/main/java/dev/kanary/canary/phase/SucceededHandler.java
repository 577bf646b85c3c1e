package dev.kanary.canary.phase;

/** Succeeded: waits for a new revision of the target, then starts a rollout. */
public class SucceededHandler extends IdleHandler {}
