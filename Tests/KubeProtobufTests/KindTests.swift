@testable import KubeProtobuf
import StrictJSON
import Testing

/// Each kind, built field by field as a Go client would write it, against the JSON the API
/// would carry for the same object.
@Suite("Kinds")
struct KindTests {
    @Test func objectMetaCompletely() throws {
        let body = ProtoWriter.envelope("v1", "ConfigMap") {
            $0.message(1) {
                $0.string(1, "c1"); $0.string(2, "c-"); $0.string(3, "mesh"); $0.string(4, "")
                $0.string(5, "0b0e6f6e-5bb1-4c39-9b07-5a1f1f0a8a01"); $0.string(6, "42"); $0.int(7, 3)
                $0.time(8, seconds: 1_795_461_663, nanos: 500)
                $0.time(9, seconds: 1_795_461_700)
                $0.int(10, 30)
                $0.entry(11, "app", "mesh"); $0.entry(11, "tier", "worker")
                $0.entry(12, "note", "cold chain")
                $0.message(13) {
                    $0.string(1, "Deployment"); $0.string(3, "d1"); $0.string(4, "uid-1"); $0.string(5, "apps/v1")
                    $0.bool(6, true); $0.bool(7, false)
                }
                $0.string(14, "mesh.example.com/cleanup"); $0.string(14, "kubernetes")
                $0.message(17) {
                    $0.string(1, "kubectl-create"); $0.string(2, "Update"); $0.string(3, "v1")
                    $0.time(4, seconds: 1_795_461_663); $0.string(6, "FieldsV1")
                    $0.message(7) { $0.string(1, #"{"f:data":{"f:a":{}}}"#) }
                }
            }
        }
        let expected: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": "c1", "generateName": "c-", "namespace": "mesh", "uid": "0b0e6f6e-5bb1-4c39-9b07-5a1f1f0a8a01",
                "resourceVersion": "42", "generation": 3, "creationTimestamp": "2026-11-23T19:21:03Z",
                "deletionTimestamp": "2026-11-23T19:21:40Z", "deletionGracePeriodSeconds": 30,
                "labels": ["app": "mesh", "tier": "worker"], "annotations": ["note": "cold chain"],
                "ownerReferences": [[
                    "apiVersion": "apps/v1", "kind": "Deployment", "name": "d1", "uid": "uid-1",
                    "controller": true, "blockOwnerDeletion": false,
                ]],
                "finalizers": ["mesh.example.com/cleanup", "kubernetes"],
                "managedFields": [[
                    "manager": "kubectl-create", "operation": "Update", "apiVersion": "v1",
                    "time": "2026-11-23T19:21:03Z", "fieldsType": "FieldsV1",
                    "fieldsV1": ["f:data": ["f:a": [:]]],
                ]],
            ],
        ]
        #expect(try KubeProtobuf.decode(body) == expected)
    }

    @Test func namespace() throws {
        let body = ProtoWriter.envelope("v1", "Namespace") {
            $0.message(1) { $0.string(1, "mesh") }
            $0.message(2) { $0.string(1, "kubernetes") }
            $0.message(3) {
                $0.string(1, "Terminating")
                $0.message(2) {
                    $0.string(1, "NamespaceDeletionContentFailure"); $0.string(2, "False")
                    $0.time(4, seconds: 1_795_461_663); $0.string(5, "ContentDeleted"); $0.string(6, "")
                }
            }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "mesh"],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Terminating", "conditions": [[
                "type": "NamespaceDeletionContentFailure", "status": "False",
                "lastTransitionTime": "2026-11-23T19:21:03Z", "reason": "ContentDeleted",
            ]]],
        ])
    }

    @Test func configMapKeepsAnExplicitFalse() throws {
        let body = ProtoWriter.envelope("v1", "ConfigMap") {
            $0.message(1) { $0.string(1, "c1") }
            $0.entry(2, "mode", "fast")
            $0.message(3) { $0.string(1, "blob"); $0.bytes(2, [0xDE, 0xAD]) }
            $0.bool(4, false)
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c1"],
            "data": ["mode": "fast"], "binaryData": ["blob": "3q0="], "immutable": false,
        ])
    }

    @Test func secret() throws {
        let body = ProtoWriter.envelope("v1", "Secret") {
            $0.message(1) { $0.string(1, "s1") }
            $0.message(2) { $0.string(1, "password"); $0.bytes(2, Array("hunter2".utf8)) }
            $0.message(2) { $0.string(1, "empty") }
            $0.string(3, "Opaque")
            $0.entry(4, "user", "admin")
            $0.bool(5, true)
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s1"],
            "data": ["password": "aHVudGVyMg==", "empty": ""], "stringData": ["user": "admin"],
            "type": "Opaque", "immutable": true,
        ])
    }

    @Test func serviceAccount() throws {
        let body = ProtoWriter.envelope("v1", "ServiceAccount") {
            $0.message(1) { $0.string(1, "sa1"); $0.string(3, "mesh") }
            $0.message(2) { $0.string(1, ""); $0.string(3, "sa1-token") }
            $0.message(3) { $0.string(1, "registry") }
            $0.bool(4, false)
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "sa1", "namespace": "mesh"],
            "secrets": [["name": "sa1-token"]], "imagePullSecrets": [["name": "registry"]],
            "automountServiceAccountToken": false,
        ])
    }

    @Test func service() throws {
        let body = ProtoWriter.envelope("v1", "Service") {
            $0.message(1) { $0.string(1, "broker") }
            $0.message(2) {
                $0.message(1) {
                    $0.string(1, "amqp"); $0.string(2, "TCP"); $0.string(6, "amqp"); $0.int(3, 5672)
                    $0.intOrString(4, "amqp"); $0.int(5, 0)
                }
                $0.entry(2, "app", "rabbitmq")
                $0.string(3, "None"); $0.string(18, "None"); $0.string(4, "ClusterIP")
                $0.string(7, "ClientIP"); $0.message(14) { $0.message(1) { $0.int(1, 10_800) } }
                $0.bool(13, true); $0.string(19, "IPv4"); $0.string(17, "SingleStack"); $0.string(22, "Cluster")
            }
            $0.message(3) { $0.message(1) { $0.message(1) { $0.string(1, "10.0.0.7"); $0.string(3, "VIP") } } }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "broker"],
            "spec": [
                "ports": [["name": "amqp", "protocol": "TCP", "appProtocol": "amqp", "port": 5672, "targetPort": "amqp"]],
                "selector": ["app": "rabbitmq"], "clusterIP": "None", "clusterIPs": ["None"], "type": "ClusterIP",
                "sessionAffinity": "ClientIP", "sessionAffinityConfig": ["clientIP": ["timeoutSeconds": 10_800]],
                "publishNotReadyAddresses": true, "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "internalTrafficPolicy": "Cluster",
            ],
            "status": ["loadBalancer": ["ingress": [["ip": "10.0.0.7", "ipMode": "VIP"]]]],
        ])
    }

    /// What `kubectl run` would build, and more: probes, env sources, volumes, scheduling.
    @Test func pod() throws {
        let body = ProtoWriter.envelope("v1", "Pod") {
            $0.message(1) { $0.string(1, "p1"); $0.entry(11, "run", "p1") }
            $0.message(2) {
                $0.message(1) { $0.string(1, "config"); $0.message(2) { $0.message(19) { $0.message(1) { $0.string(1, "c1") } } } }
                $0.message(1) {
                    $0.string(1, "scratch")
                    $0.message(2) { $0.message(2) { $0.string(1, ""); $0.message(2) { $0.string(1, "1Gi") } } }
                }
                $0.message(2) {
                    $0.string(1, "p1"); $0.string(2, "eventmesh-worker"); $0.string(3, "/worker"); $0.string(4, "--flag")
                    $0.message(6) { $0.string(1, "http"); $0.int(3, 8080); $0.string(4, "TCP") }
                    $0.message(7) { $0.string(1, "MODE"); $0.string(2, "fast") }
                    $0.message(7) {
                        $0.string(1, "POD_NAME"); $0.string(2, "")
                        $0.message(3) { $0.message(1) { $0.string(1, "v1"); $0.string(2, "metadata.name") } }
                    }
                    $0.message(7) {
                        $0.string(1, "PASSWORD")
                        $0.message(3) { $0.message(4) { $0.message(1) { $0.string(1, "s1") }; $0.string(2, "password"); $0.bool(3, false) } }
                    }
                    $0.message(7) {
                        $0.string(1, "LEVEL")
                        $0.message(3) { $0.message(3) { $0.message(1) { $0.string(1, "c1") }; $0.string(2, "level") } }
                    }
                    $0.message(7) {
                        $0.string(1, "CPU")
                        $0.message(3) { $0.message(2) { $0.string(2, "limits.cpu"); $0.message(3) { $0.string(1, "") } } }
                    }
                    $0.message(19) { $0.string(1, "MESH_"); $0.message(2) { $0.message(1) { $0.string(1, "c1") } } }
                    $0.message(8) {
                        $0.quantity(1, "cpu", "500m"); $0.quantity(1, "memory", "128Mi"); $0.quantity(2, "cpu", "250m")
                    }
                    $0.message(9) { $0.string(1, "config"); $0.bool(2, true); $0.string(3, "/etc/mesh"); $0.string(4, "") }
                    $0.message(10) {
                        $0.message(1) { $0.message(3) { $0.intOrString(1, "http") } }
                        $0.int(2, 0); $0.int(4, 10)
                    }
                    $0.message(11) {
                        $0.message(1) {
                            $0.message(2) {
                                $0.string(1, "/healthz"); $0.intOrString(2, 8080); $0.string(4, "HTTP")
                                $0.message(5) { $0.string(1, "X-Probe"); $0.string(2, "1") }
                            }
                        }
                        $0.int(2, 5); $0.int(3, 1); $0.int(6, 3)
                    }
                    $0.message(22) { $0.message(1) { $0.message(1) { $0.string(1, "true") } }; $0.int(7, 0) }
                    $0.string(13, "/dev/termination-log"); $0.string(20, "File"); $0.string(14, "IfNotPresent")
                    $0.message(15) { $0.bool(5, true); $0.message(1) { $0.string(2, "ALL") } }
                    $0.bool(16, false)
                }
                $0.string(3, "Always"); $0.int(4, 0); $0.string(6, "ClusterFirst")
                $0.entry(7, "disk", "ssd")
                $0.string(8, "sa1"); $0.bool(11, false)
                $0.message(14) { $0.int(5, 2000) }
                $0.message(15) { $0.string(1, "registry") }
                $0.message(18) {
                    $0.message(1) {
                        $0.message(1) { $0.message(1) { $0.message(1) { $0.string(1, "zone"); $0.string(2, "In"); $0.string(3, "a") } } }
                    }
                }
                $0.message(22) { $0.string(1, "dedicated"); $0.string(2, "Exists"); $0.string(4, "NoSchedule") }
                $0.bool(30, true)
            }
            $0.message(3) {
                $0.string(1, "Pending")
                $0.message(2) { $0.string(1, "PodScheduled"); $0.string(2, "True"); $0.time(4, seconds: 1_795_461_663) }
                $0.string(9, "Burstable")
            }
        }
        let expected: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p1", "labels": ["run": "p1"]],
            "spec": [
                "volumes": [
                    ["name": "config", "configMap": ["name": "c1"]],
                    ["name": "scratch", "emptyDir": ["sizeLimit": "1Gi"]],
                ],
                "containers": [[
                    "name": "p1", "image": "eventmesh-worker", "command": ["/worker"], "args": ["--flag"],
                    "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"]],
                    "env": [
                        ["name": "MODE", "value": "fast"],
                        ["name": "POD_NAME", "valueFrom": ["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.name"]]],
                        ["name": "PASSWORD", "valueFrom": ["secretKeyRef": ["name": "s1", "key": "password", "optional": false]]],
                        ["name": "LEVEL", "valueFrom": ["configMapKeyRef": ["name": "c1", "key": "level"]]],
                        ["name": "CPU", "valueFrom": ["resourceFieldRef": ["resource": "limits.cpu", "divisor": "0"]]],
                    ],
                    "envFrom": [["prefix": "MESH_", "configMapRef": ["name": "c1"]]],
                    "resources": ["limits": ["cpu": "500m", "memory": "128Mi"], "requests": ["cpu": "250m"]],
                    "volumeMounts": [["name": "config", "readOnly": true, "mountPath": "/etc/mesh"]],
                    "livenessProbe": ["tcpSocket": ["port": "http"], "periodSeconds": 10],
                    "readinessProbe": [
                        "httpGet": ["path": "/healthz", "port": 8080, "scheme": "HTTP",
                                    "httpHeaders": [["name": "X-Probe", "value": "1"]]],
                        "initialDelaySeconds": 5, "timeoutSeconds": 1, "failureThreshold": 3,
                    ],
                    "startupProbe": ["exec": ["command": ["true"]], "terminationGracePeriodSeconds": 0],
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                    "imagePullPolicy": "IfNotPresent",
                    "securityContext": ["runAsNonRoot": true, "capabilities": ["drop": ["ALL"]]],
                ]],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 0, "dnsPolicy": "ClusterFirst",
                "nodeSelector": ["disk": "ssd"], "serviceAccountName": "sa1",
                "securityContext": ["fsGroup": 2000], "imagePullSecrets": [["name": "registry"]],
                "affinity": ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
                    "nodeSelectorTerms": [["matchExpressions": [["key": "zone", "operator": "In", "values": ["a"]]]]],
                ]]],
                "tolerations": [["key": "dedicated", "operator": "Exists", "effect": "NoSchedule"]],
                "enableServiceLinks": true,
            ],
            "status": [
                "phase": "Pending", "qosClass": "Burstable",
                "conditions": [["type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-23T19:21:03Z"]],
            ],
        ]
        #expect(try KubeProtobuf.decode(body) == expected)
    }

    @Test func deploymentWithStrategy() throws {
        let body = ProtoWriter.envelope("apps/v1", "Deployment") {
            $0.message(1) { $0.string(1, "d1") }
            $0.message(2) {
                $0.int(1, 0)
                $0.message(2) {
                    $0.entry(1, "app", "d1")
                    $0.message(2) { $0.string(1, "tier"); $0.string(2, "NotIn"); $0.string(3, "db"); $0.string(3, "cache") }
                }
                $0.message(3) { $0.message(1) { $0.entry(11, "app", "d1") }; $0.message(2) { $0.message(2) { $0.string(1, "w") } } }
                $0.message(4) {
                    $0.string(1, "RollingUpdate")
                    $0.message(2) { $0.intOrString(1, 0); $0.intOrString(2, "25%") }
                }
                $0.int(6, 5); $0.int(9, 600)
            }
            $0.message(3) {
                $0.int(1, 2); $0.int(2, 1)
                $0.message(6) {
                    $0.string(1, "Available"); $0.string(2, "True"); $0.time(6, seconds: 0); $0.time(7, seconds: 1_795_461_663)
                }
            }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d1"],
            "spec": [
                "replicas": 0,
                "selector": [
                    "matchLabels": ["app": "d1"],
                    "matchExpressions": [["key": "tier", "operator": "NotIn", "values": ["db", "cache"]]],
                ],
                "template": ["metadata": ["labels": ["app": "d1"]], "spec": ["containers": [["name": "w", "resources": [:]]]]],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": "25%"]],
                "revisionHistoryLimit": 5, "progressDeadlineSeconds": 600,
            ],
            "status": [
                "observedGeneration": 2, "replicas": 1,
                "conditions": [["type": "Available", "status": "True", "lastTransitionTime": "2026-11-23T19:21:03Z"]],
            ],
        ])
    }

    @Test func replicaSetWritesStatusReplicas() throws {
        let body = ProtoWriter.envelope("apps/v1", "ReplicaSet") {
            $0.message(1) {
                $0.string(1, "d1-5d8f7c"); $0.message(13) {
                    $0.string(5, "apps/v1"); $0.string(1, "Deployment"); $0.string(3, "d1"); $0.string(4, "u1"); $0.bool(6, true)
                }
            }
            $0.message(2) { $0.int(1, 3); $0.message(2) { $0.entry(1, "app", "d1") } }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": ["name": "d1-5d8f7c", "ownerReferences": [
                ["apiVersion": "apps/v1", "kind": "Deployment", "name": "d1", "uid": "u1", "controller": true],
            ]],
            "spec": ["replicas": 3, "selector": ["matchLabels": ["app": "d1"]], "template": ["metadata": [:], "spec": [:]]],
            "status": ["replicas": 0],
        ])
    }

    @Test func rbac() throws {
        let role = ProtoWriter.envelope("rbac.authorization.k8s.io/v1", "ClusterRole") {
            $0.message(1) { $0.string(1, "mesh-reader") }
            $0.message(2) { $0.string(1, "get"); $0.string(1, "watch"); $0.string(2, "eventmesh.io"); $0.string(3, "brokers"); $0.string(4, "b1") }
            $0.message(3) { $0.message(1) { $0.entry(1, "aggregate", "true") } }
        }
        #expect(try KubeProtobuf.decode(role) == [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "mesh-reader"],
            "rules": [["verbs": ["get", "watch"], "apiGroups": ["eventmesh.io"], "resources": ["brokers"], "resourceNames": ["b1"]]],
            "aggregationRule": ["clusterRoleSelectors": [["matchLabels": ["aggregate": "true"]]]],
        ])
        let binding = ProtoWriter.envelope("rbac.authorization.k8s.io/v1", "RoleBinding") {
            $0.message(1) { $0.string(1, "rb") }
            $0.message(2) { $0.string(1, "ServiceAccount"); $0.string(2, ""); $0.string(3, "sa1"); $0.string(4, "mesh") }
            $0.message(3) { $0.string(1, ""); $0.string(2, "Role"); $0.string(3, "r1") }
        }
        #expect(try KubeProtobuf.decode(binding) == [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": "rb"],
            "subjects": [["kind": "ServiceAccount", "name": "sa1", "namespace": "mesh"]],
            "roleRef": ["apiGroup": "", "kind": "Role", "name": "r1"],
        ])
    }

    @Test func leaseUsesMicroTime() throws {
        let body = ProtoWriter.envelope("coordination.k8s.io/v1", "Lease") {
            $0.message(1) { $0.string(1, "eventmesh-operator"); $0.string(3, "mesh") }
            $0.message(2) {
                $0.string(1, "operator-7f9c"); $0.int(2, 15)
                $0.time(3, seconds: 1_767_323_045, nanos: 123_456_789); $0.time(4, seconds: 1_767_323_060, nanos: 5_000)
                $0.int(5, 0)
            }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": "eventmesh-operator", "namespace": "mesh"],
            "spec": [
                "holderIdentity": "operator-7f9c", "leaseDurationSeconds": 15,
                "acquireTime": "2026-01-02T03:04:05.123456Z", "renewTime": "2026-01-02T03:04:20.000005Z",
                "leaseTransitions": 0,
            ],
        ])
    }

    @Test func tokenRequest() throws {
        let body = ProtoWriter.envelope("authentication.k8s.io/v1", "TokenRequest") {
            $0.message(1) { $0.string(1, "sa1") }
            $0.message(2) {
                $0.string(1, "eventmesh"); $0.int(4, 3600)
                $0.message(3) { $0.string(1, "Pod"); $0.string(2, "v1"); $0.string(3, "p1"); $0.string(4, "u1") }
            }
            $0.message(3) { $0.string(1, "tok"); $0.time(2, seconds: 1_795_461_663) }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "metadata": ["name": "sa1"],
            "spec": [
                "audiences": ["eventmesh"], "expirationSeconds": 3600,
                "boundObjectRef": ["kind": "Pod", "apiVersion": "v1", "name": "p1", "uid": "u1"],
            ],
            "status": ["token": "tok", "expirationTimestamp": "2026-11-23T19:21:03Z"],
        ])
    }

    @Test(arguments: ["meta.k8s.io/v1", "v1", "apps/v1"])
    func deleteOptions(apiVersion: String) throws {
        let body = ProtoWriter.envelope(apiVersion, "DeleteOptions") {
            $0.int(1, 0); $0.message(2) { $0.string(1, "u1") }; $0.string(4, "Foreground"); $0.string(5, "All")
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": .string(apiVersion), "kind": "DeleteOptions", "gracePeriodSeconds": 0,
            "preconditions": ["uid": "u1"], "propagationPolicy": "Foreground", "dryRun": ["All"],
        ])
    }

    @Test func jobAndCronJob() throws {
        let body = ProtoWriter.envelope("batch/v1", "CronJob") {
            $0.message(1) { $0.string(1, "nightly") }
            $0.message(2) {
                $0.string(1, "0 3 * * *"); $0.string(8, "Etc/UTC"); $0.string(3, "Forbid"); $0.bool(4, false)
                $0.message(5) {
                    $0.message(2) {
                        $0.int(7, 2); $0.bool(10, false)
                        $0.message(11) { $0.message(1) { $0.string(1, "FailJob"); $0.message(2) { $0.string(2, "In"); $0.int(3, 42) } } }
                        $0.message(6) { $0.message(2) { $0.string(3, "OnFailure") } }
                    }
                }
                $0.int(6, 3)
            }
            $0.message(3) { $0.time(4, seconds: 1_795_461_663) }
        }
        #expect(try KubeProtobuf.decode(body) == [
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": "nightly"],
            "spec": [
                "schedule": "0 3 * * *", "timeZone": "Etc/UTC", "concurrencyPolicy": "Forbid", "suspend": false,
                "jobTemplate": ["metadata": [:], "spec": [
                    "backoffLimit": 2, "suspend": false,
                    "podFailurePolicy": ["rules": [["action": "FailJob", "onExitCodes": ["operator": "In", "values": [42]]]]],
                    "template": ["metadata": [:], "spec": ["restartPolicy": "OnFailure"]],
                ]],
                "successfulJobsHistoryLimit": 3,
            ],
            "status": ["lastScheduleTime": "2026-11-23T19:21:03Z"],
        ])
    }
}
