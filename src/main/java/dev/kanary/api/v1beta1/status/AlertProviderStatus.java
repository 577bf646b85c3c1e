package dev.kanary.api.v1beta1.status;

/** What Kanary observed about an AlertProvider: whether alerts can be sent through it. */
public class AlertProviderStatus extends ConditionedStatus {}
