package dev.kanary.canary.phase;

/** Failed: waits for a new revision of the target, then starts a rollout. */
public class FailedHandler extends IdleHandler {}
