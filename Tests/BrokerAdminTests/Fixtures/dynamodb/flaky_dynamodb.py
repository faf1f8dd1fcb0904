"""A DynamoDB stand-in that throttles and fails, for the client's retry tests.

DescribeTable: ThrottlingException, then 500, then the table. CreateTable: always 500.
The table "slow" answers after 5 s. The table "busy" stays UPDATING, and any change to it is refused (ResourceInUseException).
GET /calls answers {"<operation>": <count>}. Usage: flaky_dynamodb.py PORT
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

calls = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.answer(200, calls)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        calls[operation] = calls.get(operation, 0) + 1
        count = calls[operation]
        if body.get("TableName") == "slow":
            time.sleep(5)
            return self.answer(200, {})
        if body.get("TableName") == "busy":
            # A table that stays UPDATING (an index backfilling on AWS).
            if operation == "DescribeTimeToLive":
                return self.answer(200, {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})
            if operation == "DescribeTable":
                return self.answer(200, {"Table": {"TableName": "busy", "TableStatus": "UPDATING",
                                                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                                                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                                   "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}}})
            return self.answer(400, {"__type": "com.amazonaws.dynamodb.v20120810#ResourceInUseException",
                                     "message": "Attempt to change a resource which is still in use"})
        if operation == "DescribeTable":
            if count == 1:
                return self.answer(400, {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException",
                                         "message": "Rate of requests exceeds the allowed throughput."})
            if count == 2:
                return self.answer(500, {"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                                         "message": "Internal server error"})
            return self.answer(200, {"Table": {"TableName": "flaky", "TableStatus": "ACTIVE",
                                               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                                               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                               "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}}})
        return self.answer(500, {"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                                 "message": "Internal server error"})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print("ready", flush=True)
    server.serve_forever()
