/// k8s.io/apimachinery pkg/apis/meta/v1.
enum Meta {
    static let ownerReference = Message("OwnerReference", [
        5: .string("apiVersion", .always), 1: .string("kind", .always), 3: .string("name", .always),
        4: .string("uid", .always), 6: .bool("controller", .optional), 7: .bool("blockOwnerDeletion", .optional),
    ])

    static let managedFieldsEntry = Message("ManagedFieldsEntry", [
        1: .string("manager"), 2: .string("operation"), 3: .string("apiVersion"), 4: .time("time", .optional),
        6: .string("fieldsType"), 7: .fieldsV1("fieldsV1"), 8: .string("subresource"),
    ])

    static let objectMeta = Message("ObjectMeta", [
        1: .string("name"), 2: .string("generateName"), 3: .string("namespace"), 4: .string("selfLink"),
        5: .string("uid"), 6: .string("resourceVersion"), 7: .int64("generation"),
        8: .time("creationTimestamp"), 9: .time("deletionTimestamp", .optional),
        10: .int64("deletionGracePeriodSeconds", .optional), 11: .stringMap("labels"),
        12: .stringMap("annotations"), 13: .messages("ownerReferences", ownerReference),
        14: .strings("finalizers"), 17: .messages("managedFields", managedFieldsEntry),
    ])

    static let labelSelectorRequirement = Message("LabelSelectorRequirement", [
        1: .string("key", .always), 2: .string("operator", .always), 3: .strings("values"),
    ])

    static let labelSelector = Message("LabelSelector", [
        1: .stringMap("matchLabels"), 2: .messages("matchExpressions", labelSelectorRequirement),
    ])

    static let condition = Message("Condition", [
        1: .string("type", .always), 2: .string("status", .always), 3: .int64("observedGeneration"),
        4: .time("lastTransitionTime", .always), 5: .string("reason", .always), 6: .string("message", .always),
    ])

    static let preconditions = Message("Preconditions", [
        1: .string("uid", .optional), 2: .string("resourceVersion", .optional),
    ])

    static let deleteOptions = Message("DeleteOptions", [
        1: .int64("gracePeriodSeconds", .optional), 2: .message("preconditions", preconditions),
        3: .bool("orphanDependents", .optional), 4: .string("propagationPolicy", .optional),
        5: .strings("dryRun"), 6: .bool("ignoreStoreReadErrorWithClusterBreakingPotential", .optional),
    ])
}
