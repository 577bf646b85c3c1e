package dev.kanary.canary.phase;

/** Initialized: waits for a new revision of the target, then starts a rollout. */
public class InitializedHandler extends IdleHandler {}
