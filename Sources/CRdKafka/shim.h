// librdkafka is compiled against Debian's 2.0.2 headers and runs on the 2.16 runtime shipped by
// PyPI's confluent-kafka (see ENVIRONMENT.md); newer APIs are declared and looked up at run time.
#ifndef EVENTMESH_CRDKAFKA_SHIM_H
#define EVENTMESH_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif
