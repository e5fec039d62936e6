// Sends log events to FaultMaven's HEC through Splunk's own logging library (the npm splunk-logging package), used as
// its README shows: a Logger with a token and a base URL, its default path (/services/collector/event/1.0) and one
// batch of events. Prints HEC's answer; exits non-zero when the library reports an error.
// usage: node hec-splunk-logging.js <base url> <token> <source> <count>
"use strict";
const SplunkLogger = require("splunk-logging").Logger;

const [url, token, source, countText] = process.argv.slice(2);
const count = Number(countText);
const logger = new SplunkLogger({ token, url, maxBatchCount: count });
logger.error = (error, context) => {
  console.error(`splunk-logging error: ${error.message} (code ${error.code}) for ${JSON.stringify(context)}`);
  process.exitCode = 1;
};

for (let i = 0; i < count; i++) {
  const payload = {
    message: `splunk-logging event ${i} of ${count}`,
    severity: "error",
    metadata: { source, host: "node-client", sourcetype: "_json" },
  };
  // The last event fills the batch, which flushes it; the callback then has HEC's answer.
  logger.send(payload, i < count - 1 ? undefined : (error, response, body) => {
    if (error) {
      console.error(`request failed: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    console.log(`${response.statusCode} ${JSON.stringify(body)}`);
    if (response.statusCode !== 200) {
      process.exitCode = 1;
    }
  });
}
