package dev.kanary.canary.phase;

/** Waiting: asks the confirm-rollout webhooks again at every step until they agree. */
public class WaitingHandler extends IdleHandler {

  @Override
  protected boolean alwaysPending() {
    return true;
  }
}
