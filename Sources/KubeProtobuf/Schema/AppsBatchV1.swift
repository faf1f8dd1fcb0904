/// k8s.io/api apps/v1: Deployment and ReplicaSet.
enum Apps {
    static let rollingUpdateDeployment = Message("RollingUpdateDeployment", [
        1: .intOrString("maxUnavailable", .optional), 2: .intOrString("maxSurge", .optional),
    ])

    static let deploymentStrategy = Message("DeploymentStrategy", [
        1: .string("type"), 2: .message("rollingUpdate", rollingUpdateDeployment),
    ])

    static let deploymentSpec = Message("DeploymentSpec", [
        1: .int32("replicas", .optional), 2: .message("selector", Meta.labelSelector),
        3: .message("template", Core.podTemplateSpec, .always), 4: .message("strategy", deploymentStrategy, .always),
        5: .int32("minReadySeconds"), 6: .int32("revisionHistoryLimit", .optional), 7: .bool("paused"),
        9: .int32("progressDeadlineSeconds", .optional), 10: .string("podReplacementPolicy", .optional),
    ])

    static let deploymentCondition = Message("DeploymentCondition", [
        1: .string("type", .always), 2: .string("status", .always), 6: .time("lastUpdateTime"),
        7: .time("lastTransitionTime"), 4: .string("reason"), 5: .string("message"),
    ])

    static let deploymentStatus = Message("DeploymentStatus", [
        1: .int64("observedGeneration"), 2: .int32("replicas"), 3: .int32("updatedReplicas"),
        7: .int32("readyReplicas"), 4: .int32("availableReplicas"), 5: .int32("unavailableReplicas"),
        9: .int32("terminatingReplicas", .optional), 6: .messages("conditions", deploymentCondition),
        8: .int32("collisionCount", .optional),
    ])

    static let deployment = Message("Deployment", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", deploymentSpec, .always),
        3: .message("status", deploymentStatus, .always),
    ])

    static let replicaSetSpec = Message("ReplicaSetSpec", [
        1: .int32("replicas", .optional), 4: .int32("minReadySeconds"), 2: .message("selector", Meta.labelSelector),
        3: .message("template", Core.podTemplateSpec, .always),
    ])

    static let replicaSetCondition = Message("ReplicaSetCondition", [
        1: .string("type", .always), 2: .string("status", .always), 3: .time("lastTransitionTime"),
        4: .string("reason"), 5: .string("message"),
    ])

    static let replicaSetStatus = Message("ReplicaSetStatus", [
        1: .int32("replicas", .always), 2: .int32("fullyLabeledReplicas"), 4: .int32("readyReplicas"),
        5: .int32("availableReplicas"), 7: .int32("terminatingReplicas", .optional),
        3: .int64("observedGeneration"), 6: .messages("conditions", replicaSetCondition),
    ])

    static let replicaSet = Message("ReplicaSet", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", replicaSetSpec, .always),
        3: .message("status", replicaSetStatus, .always),
    ])
}

/// k8s.io/api batch/v1: Job and CronJob (`kubectl create job|cronjob` send them as protobuf).
enum Batch {
    static let podFailurePolicyOnExitCodesRequirement = Message("PodFailurePolicyOnExitCodesRequirement", [
        1: .string("containerName", .optional), 2: .string("operator", .always), 3: .int32s("values"),
    ])

    static let podFailurePolicyOnPodConditionsPattern = Message("PodFailurePolicyOnPodConditionsPattern", [
        1: .string("type", .always), 2: .string("status", .always),
    ])

    static let podFailurePolicyRule = Message("PodFailurePolicyRule", [
        1: .string("action", .always), 2: .message("onExitCodes", podFailurePolicyOnExitCodesRequirement),
        3: .messages("onPodConditions", podFailurePolicyOnPodConditionsPattern),
    ])

    static let podFailurePolicy = Message("PodFailurePolicy", [1: .messages("rules", podFailurePolicyRule)])

    static let successPolicyRule = Message("SuccessPolicyRule", [
        1: .string("succeededIndexes", .optional), 2: .int32("succeededCount", .optional),
    ])

    static let successPolicy = Message("SuccessPolicy", [1: .messages("rules", successPolicyRule)])

    static let jobSpec = Message("JobSpec", [
        1: .int32("parallelism", .optional), 2: .int32("completions", .optional),
        3: .int64("activeDeadlineSeconds", .optional), 11: .message("podFailurePolicy", podFailurePolicy),
        16: .message("successPolicy", successPolicy), 7: .int32("backoffLimit", .optional),
        12: .int32("backoffLimitPerIndex", .optional), 13: .int32("maxFailedIndexes", .optional),
        4: .message("selector", Meta.labelSelector), 5: .bool("manualSelector", .optional),
        6: .message("template", Core.podTemplateSpec, .always), 8: .int32("ttlSecondsAfterFinished", .optional),
        9: .string("completionMode", .optional), 10: .bool("suspend", .optional),
        14: .string("podReplacementPolicy", .optional), 15: .string("managedBy", .optional),
    ])

    static let jobCondition = Message("JobCondition", [
        1: .string("type", .always), 2: .string("status", .always), 3: .time("lastProbeTime"),
        4: .time("lastTransitionTime"), 5: .string("reason"), 6: .string("message"),
    ])

    static let uncountedTerminatedPods = Message("UncountedTerminatedPods", [
        1: .strings("succeeded"), 2: .strings("failed"),
    ])

    static let jobStatus = Message("JobStatus", [
        1: .messages("conditions", jobCondition), 2: .time("startTime", .optional),
        3: .time("completionTime", .optional), 4: .int32("active"), 5: .int32("succeeded"), 6: .int32("failed"),
        11: .int32("terminating", .optional), 7: .string("completedIndexes"), 10: .string("failedIndexes", .optional),
        8: .message("uncountedTerminatedPods", uncountedTerminatedPods), 9: .int32("ready", .optional),
    ])

    static let job = Message("Job", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", jobSpec, .always),
        3: .message("status", jobStatus, .always),
    ])

    static let jobTemplateSpec = Message("JobTemplateSpec", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", jobSpec, .always),
    ])

    static let cronJobSpec = Message("CronJobSpec", [
        1: .string("schedule", .always), 8: .string("timeZone", .optional),
        2: .int64("startingDeadlineSeconds", .optional), 3: .string("concurrencyPolicy"),
        4: .bool("suspend", .optional), 5: .message("jobTemplate", jobTemplateSpec, .always),
        6: .int32("successfulJobsHistoryLimit", .optional), 7: .int32("failedJobsHistoryLimit", .optional),
    ])

    static let cronJobStatus = Message("CronJobStatus", [
        1: .messages("active", Core.objectReference), 4: .time("lastScheduleTime", .optional),
        5: .time("lastSuccessfulTime", .optional),
    ])

    static let cronJob = Message("CronJob", [
        1: .message("metadata", Meta.objectMeta, .always), 2: .message("spec", cronJobSpec, .always),
        3: .message("status", cronJobStatus, .always),
    ])
}
