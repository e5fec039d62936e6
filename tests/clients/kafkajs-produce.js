// Produces log lines to a Kafka topic with kafkajs, a Kafka client written in another language than FaultMaven's
// (pure JavaScript, no librdkafka), so the broker path is proven with a second independent implementation of the protocol.
// usage: node kafkajs-produce.js <bootstrap servers> <topic> <key (the source)> <count>
"use strict";
const { Kafka, Partitioners, logLevel } = require("kafkajs");

async function main() {
  const [brokers, topic, key, countText] = process.argv.slice(2);
  const count = Number(countText);
  const kafka = new Kafka({ clientId: "faultmaven-kafkajs-test", brokers: brokers.split(","), logLevel: logLevel.WARN });
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const now = new Date().toISOString();
    const messages = Array.from({ length: count }, (_, i) => ({ key, value: `${now} ERROR kafkajs line ${i} of ${count}` }));
    const results = await producer.send({ topic, messages, acks: -1 });
    console.log(JSON.stringify(results));
  } finally {
    await producer.disconnect();
  }
}

main().catch((error) => {
  console.error(`kafkajs failed: ${error.stack || error}`);
  process.exitCode = 1;
});
