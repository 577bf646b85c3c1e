package dev.kanary.api.v1beta1.status;

/** What Kanary observed about a MetricTemplate: whether it can be queried. */
public class MetricTemplateStatus extends ConditionedStatus {}
