#!/bin/bash
# Starts one KRaft broker+controller of the compose cluster with SASL/SCRAM for clients and brokers and SASL/PLAIN
# between controllers (KRaft controllers cannot use SCRAM, whose credentials live in the metadata they serve), so no
# listener is anonymous.
# The admin SCRAM credential is written at format time (--add-scram), so brokers can authenticate to each other
# before any client exists; application users are added afterwards by acls.sh. Passwords come from the environment.
set -euo pipefail
: "${KAFKA_NODE_ID:?}" "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_CLUSTER_ID:?}"
CONF=/tmp/server.properties
cat > "$CONF" <<PROPS
node.id=${KAFKA_NODE_ID}
process.roles=broker,controller
controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093
listeners=SASL_PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=SASL_PLAINTEXT://kafka-${KAFKA_NODE_ID}:9092
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}" user_admin="${KAFKA_ADMIN_PASSWORD}";
super.users=User:admin
allow.everyone.if.no.acl.found=false
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
# a transaction's first write waits for the previous one's markers; ask again after 2 ms, not 20 (docs/operations.md)
add.partitions.to.txn.retry.backoff.ms=2
min.insync.replicas=2
default.replication.factor=3
auto.create.topics.enable=false
PROPS
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  /opt/kafka/bin/kafka-storage.sh format -t "${KAFKA_CLUSTER_ID}" -c "$CONF" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=${KAFKA_ADMIN_PASSWORD}]"
fi
# what the health check uses to reach the controller listener (SASL too: no anonymous super user)
cat > /tmp/controller-client.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
PROPS
exec /opt/kafka/bin/kafka-server-start.sh "$CONF"
