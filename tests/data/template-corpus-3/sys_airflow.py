"""Airflow: an Airflow 2.7 deployment (CeleryExecutor) whose scheduler, DAG processor and task logs are shipped into
one stream. Python logging layout `[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s`; a traceback
that logging appends to a message is flattened onto the same line (and is one value)."""
from gen_common import E, hexs

NAME = "Airflow"
LAYOUT = "\\[<Timestamp>\\] {<Module>:<Line>} <Level> - <Content>"

DAGS = {"etl_orders": ["extract", "transform", "load", "notify"],
        "warehouse_sync": ["wait_for_orders", "copy_to_dwh", "vacuum"],
        "ml_features_daily": ["build_features", "train", "publish_model"],
        "s3_ingest_partners": ["wait_for_file", "validate", "ingest"]}
OPS = {"extract": "PythonOperator", "transform": "PythonOperator", "load": "PostgresOperator", "notify": "SimpleHttpOperator",
       "wait_for_orders": "ExternalTaskSensor", "copy_to_dwh": "PostgresOperator", "vacuum": "PostgresOperator",
       "build_features": "KubernetesPodOperator", "train": "KubernetesPodOperator", "publish_model": "PythonOperator",
       "wait_for_file": "S3KeySensor", "validate": "PythonOperator", "ingest": "PythonOperator"}


def dt_(r, hour=None):
    return "2026-11-28T%02d:00:00+00:00" % (hour if hour is not None else r.randint(0, 13))


def task(r):
    d = r.choice(sorted(DAGS))
    return d, r.choice(DAGS[d])


def run_id(r):
    return r.choice(["scheduled__", "scheduled__", "scheduled__", "manual__"]) + dt_(r)


def ti(r, state):
    d, t = task(r)
    return "<TaskInstance: %s.%s %s [%s]>" % (d, t, run_id(r), state)


def tikey(r):
    d, t = task(r)
    return "TaskInstanceKey(dag_id='%s', task_id='%s', run_id='%s', try_number=%d, map_index=-1)" % (d, t, run_id(r), r.choice([1, 1, 1, 2, 3]))


def ts(r):
    return "2026-11-28 %02d:%02d:%02d.%06d+00:00" % (14 + r.randint(0, 0), r.randint(2, 32), r.randint(0, 59), r.randint(0, 999999))


def compact(r):
    return "20261128T%02d%02d%02d" % (r.randint(0, 14), r.randint(0, 59), r.randint(0, 59))


def dagrun(r, state):
    d = r.choice(sorted(DAGS))
    x = dt_(r)
    return "<DagRun %s @ %s: scheduled__%s, state:%s, queued_at: %s. externally triggered: False>" % (d, x.replace("T", " "), x, state, ts(r))


TRACEBACKS = [
    'Traceback (most recent call last): File "/home/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py", line 1518, in _run_raw_task self._execute_task_with_callbacks(context, test_mode, session=session) File "/opt/airflow/dags/etl_orders.py", line 42, in extract rows = hook.get_records(sql) KeyError: \'order_id\'',
    'Traceback (most recent call last): File "/home/airflow/.local/lib/python3.11/site-packages/psycopg2/__init__.py", line 122, in connect conn = _connect(dsn, connection_factory=connection_factory, **kwasync) psycopg2.OperationalError: connection to server at "dwh.internal" (10.0.9.4), port 5432 failed: timeout expired',
    'Traceback (most recent call last): File "/opt/airflow/dags/s3_ingest_partners.py", line 77, in validate raise ValueError(f"unexpected header {header!r}") ValueError: unexpected header [\'id\', \'amount\', \'curr\']',
    'airflow.exceptions.AirflowSensorTimeout: Sensor has timed out; run duration of 3600.21 seconds exceeds the specified timeout of 3600.0.',
    'airflow.exceptions.AirflowException: Pod ml-features-daily-train-x7k2q returned a failure: {"phase": "Failed", "reason": "OOMKilled", "exit_code": 137}',
]


def a(fmt, weight, gen=None, mod="taskinstance.py:1159", lv="INFO", **kw):
    return E(fmt, weight, gen, mod=mod, lv=lv, **kw)


EVENTS = [
    a("Dependencies all met for dep_context={} ti={}", 330, lambda r: (r.choice(["non-requeueable deps", "requeueable deps"]), ti(r, "queued")), mod="taskinstance.py:1157"),
    a("Starting attempt {} of {}", 75, lambda r: (r.choice([1, 1, 1, 2, 3]), 3), mod="taskinstance.py:1359"),
    a("Executing {} on {}", 75, lambda r: (lambda d, t: ("<Task(%s): %s>" % (OPS[t], t), dt_(r).replace("T", " ")))(*task(r)), mod="taskinstance.py:1380"),
    a("Started process {} to run task", 75, lambda r: r.randint(1000, 65000), mod="standard_task_runner.py:57"),
    a("Running {} on host {}", 75, lambda r: (ti(r, "running"), "airflow-worker-%d.airflow-worker.airflow.svc.cluster.local" % r.randint(0, 5)), mod="task_command.py:416"),
    a("Exporting env vars: {}", 70, lambda r: (lambda d, t: "AIRFLOW_CTX_DAG_OWNER='data-eng' AIRFLOW_CTX_DAG_ID='%s' AIRFLOW_CTX_TASK_ID='%s' AIRFLOW_CTX_EXECUTION_DATE='%s' AIRFLOW_CTX_TRY_NUMBER='%d' AIRFLOW_CTX_DAG_RUN_ID='%s'" % (
        d, t, dt_(r), r.choice([1, 1, 2]), run_id(r)))(*task(r)), mod="taskinstance.py:1660"),
    a("Marking task as {}. dag_id={}, task_id={}, execution_date={}, start_date={}, end_date={}", 75,
      lambda r: (r.choice(["SUCCESS"] * 8 + ["UP_FOR_RETRY", "FAILED"]),) + task(r) + (compact(r), compact(r), compact(r)), mod="taskinstance.py:1400"),
    a("Task exited with return code {}", 75, lambda r: r.choice([0] * 8 + [1]), mod="local_task_job_runner.py:228"),
    a("{} downstream tasks scheduled from follow-on schedule check", 70, lambda r: r.choice([0, 0, 1, 1, 2]), mod="taskinstance.py:2776"),
    a("Done. Returned value was: {}", 45, lambda r: r.choice(["None", "None", "12873", "'s3://partner-drop/acme/2026-11-28/orders.csv'", "{'rows': 4211, 'rejected': 3}"]), mod="python.py:194"),
    a("Task failed with exception {}", 10, lambda r: r.choice(TRACEBACKS), mod="taskinstance.py:1937", lv="ERROR"),
    a("Failed to execute job {} for task {} ({}; {})", 6, lambda r: (r.randint(1000, 99999), r.choice(sorted(OPS)), r.choice(["'order_id'", "timeout expired"]), r.randint(1000, 65000)), mod="standard_task_runner.py:104", lv="ERROR"),
    a("Using connection ID '{}' for task execution.", 40, lambda r: r.choice(["postgres_dwh", "postgres_orders", "aws_partners", "http_notify"]), mod="base.py:73"),
    a("Running statement: {}, parameters: {}", 35, lambda r: r.choice([
        ("INSERT INTO dwh.orders SELECT * FROM staging.orders WHERE created_at >= %(start)s", "{'start': '2026-11-28T13:00:00+00:00'}"),
        ("VACUUM ANALYZE dwh.orders", "None"), ("DELETE FROM staging.orders WHERE batch_id = %s", "('%s',)" % hexs(r, 8))]), mod="sql.py:418"),
    a("Rows affected: {}", 30, lambda r: r.randint(0, 90000), mod="sql.py:427"),
    a("Calling HTTP method", 8, mod="http.py:148"),
    a("Sending '{}' to url: {}", 8, lambda r: (r.choice(["POST", "POST", "GET"]), "https://hooks.slack.com/services/T0/B0/%s" % hexs(r, 12)), mod="http.py:178"),
    a("Poking for file {}", 35, lambda r: "/data/incoming/orders_%s.csv" % r.choice(["20261128", "20261127"]), mod="filesystem.py:64"),
    a("Poking for key : {}", 230, lambda r: "s3://partner-drop/%s/2026-11-28/orders.csv" % r.choice(["acme", "globex", "initech"]), mod="s3.py:105"),
    a("Poking for tasks {} in dag {} on {} ...", 50, lambda r: ("['load']", "etl_orders", dt_(r)), mod="external_task.py:243"),
    a("Success criteria met. Exiting.", 20, mod="base.py:292"),
    a("Pod {} has phase {}", 30, lambda r: ("ml-features-daily-%s-%s" % (r.choice(["train", "build-features"]), hexs(r, 5)), r.choice(["Pending", "Running", "Running", "Succeeded"])), mod="pod_manager.py:315"),
    # scheduler
    a("{} tasks up for execution:", 40, lambda r: r.randint(1, 6), mod="scheduler_job_runner.py:411"),
    a("DAG {} has {}/{} running and queued tasks", 40, lambda r: (r.choice(sorted(DAGS)), r.randint(0, 16), 16), mod="scheduler_job_runner.py:476"),
    a("Setting the following tasks to queued state: {}", 40, lambda r: ", ".join(ti(r, "scheduled") for _ in range(r.randint(1, 2))), mod="scheduler_job_runner.py:587"),
    a("Sending {} to executor with priority {} and queue {}", 60, lambda r: (tikey(r), r.randint(1, 9), r.choice(["default", "default", "k8s"])), mod="scheduler_job_runner.py:625"),
    a("Adding to queue: {}", 150, lambda r: (lambda d, t: "['airflow', 'tasks', 'run', '%s', '%s', '%s', '--local', '--subdir', 'DAGS_FOLDER/%s.py']" % (d, t, run_id(r), d))(*task(r)), mod="base_executor.py:144"),
    a("Received executor event with state {} for task instance {}", 150, lambda r: (r.choice(["queued", "success", "success", "failed"]), tikey(r)), mod="scheduler_job_runner.py:677"),
    a("TaskInstance Finished: dag_id={}, task_id={}, run_id={}, map_index={}, run_start_date={}, run_end_date={}, run_duration={}, state={}, executor_state={}, try_number={}, max_tries={}, job_id={}, pool={}, queue={}, priority_weight={}, operator={}, queued_dttm={}, queued_by_job_id={}, pid={}", 55,
      lambda r: (lambda d, t, st: (d, t, run_id(r), -1, ts(r), ts(r), "%.6f" % r.uniform(0.5, 900), st, st, r.choice([1, 1, 2]), 3, r.randint(10000, 99999),
                                   "default_pool", "default", r.randint(1, 9), OPS[t], ts(r), 1, r.randint(1000, 65000)))(*(task(r) + (r.choice(["success"] * 6 + ["failed", "up_for_retry"]),))),
      mod="scheduler_job_runner.py:714"),
    a("Marking run {} successful", 14, lambda r: dagrun(r, "running"), mod="dagrun.py:653"),
    a("Marking run {} failed", 3, lambda r: dagrun(r, "running"), mod="dagrun.py:630", lv="ERROR"),
    a("DagRun Finished: dag_id={}, execution_date={}, run_id={}, run_start_date={}, run_end_date={}, run_duration={}, state={}, external_trigger={}, run_type={}, data_interval_start={}, data_interval_end={}, dag_hash={}", 17,
      lambda r: (lambda d, x: (d, x.replace("T", " "), "scheduled__" + x, ts(r), ts(r), "%.6f" % r.uniform(30, 4000), r.choice(["success"] * 5 + ["failed"]), "False", "scheduled",
                               x.replace("T", " "), x.replace("T", " "), hexs(r, 32)))(r.choice(sorted(DAGS)), dt_(r)), mod="dagrun.py:704"),
    a("Setting next_dagrun for {} to {}, run_after={}", 17, lambda r: (r.choice(sorted(DAGS)), dt_(r, 13), dt_(r, 14)), mod="dag.py:3722"),
    a("Dependencies not met for {}, dependency '{}' FAILED: {}", 12, lambda r: r.choice([
        (ti(r, "scheduled"), "Trigger Rule", "Task's trigger rule 'all_success' requires all upstream tasks to have succeeded, but found 1 non-success(es). upstream_states=_UpstreamTIStates(success=0, skipped=0, failed=1, upstream_failed=0, removed=0, done=1, success_setup=0, skipped_setup=0), upstream_task_ids={'transform'}"),
        (ti(r, "up_for_retry"), "Not In Retry Period", "Task is not ready for retry yet but will be retried automatically. Current date is 2026-11-28T14:%02d:11.204511+00:00 and task will be retried at 2026-11-28T14:%02d:11.204511+00:00." % (r.randint(2, 30), r.randint(31, 59)))]),
      mod="taskinstance.py:1147"),
    a("Executor reports execution of {} run_id={} exited with status {} for try_number {}", 20,
      lambda r: ("%s.%s" % task(r), run_id(r), r.choice(["success", "success", "failed"]), r.choice([1, 1, 2])), mod="scheduler_job_runner.py:714"),
    a("Executor reports task instance {} finished ({}) although the task says it's {}. (Info: {}) Was the task killed externally?", -2,
      lambda r: (ti(r, "queued"), "failed", "queued", "None"), mod="scheduler_job_runner.py:764", lv="ERROR"),
    a("Adopting or resetting orphaned tasks for active dag runs", 6, mod="scheduler_job_runner.py:1606"),
    a("Marked {} SchedulerJob instances as failed", 6, lambda r: r.choice([0, 0, 0, 1]), mod="scheduler_job_runner.py:1629"),
    a("Filling up the DagBag from {}", 190, lambda r: "/opt/airflow/dags/%s.py" % r.choice(sorted(DAGS)), mod="dagbag.py:538"),
    a("Processing file {} for tasks to queue", 35, lambda r: "/opt/airflow/dags/%s.py" % r.choice(sorted(DAGS)), mod="processor.py:157"),
    a("DAG(s) {} retrieved from {}", 35, lambda r: (lambda d: ("dict_keys(['%s'])" % d, "/opt/airflow/dags/%s.py" % d))(r.choice(sorted(DAGS))), mod="processor.py:840"),
    a("Scheduler heartbeat got an exception: {}", -2, lambda r: '(psycopg2.OperationalError) connection to server at "airflow-db.internal" (10.0.9.8), port 5432 failed: Connection refused', mod="job.py:218", lv="ERROR"),
    a("Celery Task ID: {}", -1, lambda r: "1b4e28ba-2fa1-41d2-883f-0016d3cca427", mod="celery_executor.py:287"),
    # start-up
    a("Starting the scheduler", -1, mod="scheduler_job_runner.py:788", pos="start"),
    a("Processing each file at most {} times", -1, lambda r: -1, mod="scheduler_job_runner.py:795", pos="start"),
    a("Launched DagFileProcessorManager with pid: {}", -1, lambda r: 88, mod="manager.py:165", pos="start"),
    a("Configured default timezone {}", -1, lambda r: "Timezone('UTC')", mod="settings.py:61", pos="start"),
    # shut-down
    a("Exiting gracefully upon receiving signal {}", -1, lambda r: 15, mod="scheduler_job_runner.py:250", pos="end"),
    a("Sending {} to group {}. PIDs of all processes in the group: {}", -1, lambda r: ("Signals.SIGTERM", 88, "[88, 91, 94]"), mod="process_utils.py:131", pos="end"),
    a("Process {} ({}) terminated with exit code {}", 3, lambda r: (lambda p: ("psutil.Process(pid=%d, status='terminated', exitcode=0, started='14:02:12')" % p, p, 0))(r.choice([88, 91, 94])), mod="process_utils.py:79", pos="end"),
    a("Exited execute loop", -1, mod="scheduler_job_runner.py:847", pos="end"),
]


def header(r, t, ev, n):
    return "[%s.%03d+0000] {%s} %s - " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, ev.meta["mod"], ev.meta["lv"])
