"""Jenkins: a Jenkins 2.426 LTS controller (`jenkins.log` / container stdout) building a shop's repositories on
Kubernetes agents, in Jenkins' own java.util.logging format (SupportLogFormatter):
`yyyy-MM-dd HH:mm:ss.SSS+0000 [id=<thread>]<TAB><LEVEL><TAB><class>#<method>: <message>`. The two tabs are in the
layout as `\\t`. Exceptions are flattened (message only, no stack trace). The start-up milestones that
`InitReactorRunner` prints with one `LOGGER.info(milestone.toString())` are left out: by the labelling rule they would
all be one event `<*>`, a template that matches every line."""
from gen_common import E, ip, hexs

NAME = "Jenkins"
LAYOUT = "<Date> <Time> \\[id=<Thread>\\]\\t<Level>\\t<Logger>: <Content>"

JOBS = ["shop-api/main", "shop-api/PR-%d", "shop-web/main", "shop-web/PR-%d", "infra/terraform-plan", "nightly-e2e", "shop-mobile/release%%2F4.2"]
AGENTS_T = "build-agent-%s"


def ev(fmt, weight, gen=None, lv="INFO", log="hudson.model.Run#execute", **kw):
    return E(fmt, weight, gen, lv=lv, log=log, **kw)


def job(r):
    j = r.choice(JOBS)
    return j % r.randint(300, 999) if "%d" in j else j.replace("%%", "%")


def build(r):
    return r.randint(12, 2400)


def agent(r):
    return AGENTS_T % (hexs(r, 5))


def pod(r):
    return "%s-%s" % (r.choice(["maven", "node", "default", "terraform"]), hexs(r, 5))


EVENTS = [
    ev("Beginning extraction from war file", -1, log="winstone.Logger#logInternal", pos="start"),
    ev("jetty-{}; built: {}; git: {}; jvm {}", -1, lambda r: ("10.0.18", "2023-10-27T01:59:58.245Z", "8545fd9bf4cd0d0838f626b405fc4963441546d9", "17.0.9+9"), log="org.eclipse.jetty.server.Server#doStart", pos="start"),
    ev("NO JSP Support for {}, did not find {}", -1, lambda r: ("/", "org.eclipse.jetty.jsp.JettyJspServlet"), log="org.eclipse.jetty.ee9.webapp.StandardDescriptorProcessor#visitServlet", pos="start"),
    ev("Session workerName={}", -1, lambda r: "node0", log="org.eclipse.jetty.server.session.DefaultSessionIdManager#doStart", pos="start"),
    ev("Jenkins home directory: {} found at: {}", -1, lambda r: ("/var/jenkins_home", "EnvVars.masterEnvVars.get(\"JENKINS_HOME\")"), log="hudson.WebAppMain#contextInitialized", pos="start"),
    ev("Winstone Servlet Engine running: controlPort={}", -1, lambda r: "disabled", log="winstone.Logger#logInternal", pos="start"),
    ev("Jenkins is fully up and running", -1, log="hudson.lifecycle.Lifecycle#onReady", pos="start"),
    # builds
    ev("{} #{} main build action completed: {}", 230, lambda r: (job(r), build(r), r.choices(["SUCCESS", "FAILURE", "UNSTABLE", "ABORTED"], [70, 18, 8, 4])[0])),
    ev("SCM changes detected in {}. Triggering #{}", 30, lambda r: (r.choice(["infra/terraform-plan", "nightly-e2e"]), build(r)), log="hudson.triggers.SCMTrigger$Runner#runPolling"),
    ev("Received PushEvent for {} from {} => {}", 60, lambda r: ("https://github.com/example-shop/%s" % r.choice(["shop-api", "shop-web", "shop-mobile", "infra"]), "140.82.115.%d" % r.randint(2, 250), "https://ci.shop.example.test/github-webhook/"),
       log="org.jenkinsci.plugins.github.webhook.subscriber.DefaultPushGHEventSubscriber#onEvent"),
    ev("Poked {}", 55, lambda r: r.choice(["shop-api", "shop-web", "shop-mobile", "infra"]), log="com.cloudbees.jenkins.GitHubPushTrigger$1#run"),
    ev("Executor #{} for {} : executing {} #{} died", 3, lambda r: (0, agent(r), job(r), build(r)), lv="SEVERE", log="hudson.model.Executor#finish1"),
    # Kubernetes agents
    ev("Started provisioning {} from {} with {} executors. Remaining excess workload: {}", 75, lambda r: ("Kubernetes Pod Template", "kubernetes", 1, "%.3f" % r.choice([0, 0, 0, -0.5, 0.6])), log="hudson.slaves.NodeProvisioner#update"),
    ev("Created Pod: {} {}/{}", 75, lambda r: ("kubernetes", "ci", agent(r)), log="org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher#launch"),
    ev("Pod {} in namespace {} is now running", 70, lambda r: (agent(r), "ci"), log="org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher#launch"),
    ev("Accepted {} connection #{} from {}", 70, lambda r: ("JNLP4-connect", r.randint(10, 9000), "/%s:%d" % (ip(r, "10.90"), r.randint(32768, 60999))), log="hudson.TcpSlaveAgentListener$ConnectionHandler#run"),
    ev("Terminating Kubernetes instance for agent {}", 70, agent, log="org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave#_terminate"),
    ev("Disconnected computer {}", 65, agent, log="jenkins.slaves.DefaultJnlpSlaveReceiver#channelClosed"),
    ev("Error in provisioning; agent={}, template={}", 8, lambda r: (agent(r), "%s (%s)" % (r.choice(["maven", "node", "terraform"]), hexs(r, 8))), lv="WARNING", log="org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher#launch"),
    ev("Unable to create pod {}: {}", 6, lambda r: ("ci/" + agent(r), r.choice(["Failure executing: POST at: https://10.96.0.1/api/v1/namespaces/ci/pods. Message: pods \"%s\" is forbidden: exceeded quota: ci-quota, requested: limits.cpu=2, used: limits.cpu=40, limited: limits.cpu=40." % pod(r),
                                                                                "java.net.SocketTimeoutException: timeout"])), lv="WARNING", log="org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher#launch"),
    ev("Computer.threadPoolForRemoting [#{}] for {} terminated: {}", 12, lambda r: (r.randint(10, 900), agent(r), "java.nio.channels.ClosedChannelException"), lv="WARNING", log="jenkins.slaves.DefaultJnlpSlaveReceiver#channelClosed"),
    ev("Ping failed. Terminating the channel {}.", 6, lambda r: "JNLP4-connect connection from %s/%s:%d" % ((lambda a: (a, a))(ip(r, "10.90")) + (r.randint(32768, 60999),)), lv="SEVERE", log="hudson.slaves.ChannelPinger$1#onDead"),
    ev("Making {} offline temporarily due to the lack of disk space", 3, lambda r: r.choice(["built-in", "static-agent-arm64"]), lv="WARNING", log="hudson.node_monitors.DiskSpaceMonitorDescriptor#markNodeOfflineOrOnline"),
    # periodic work, update center, security
    ev("Finished {}. {} ms", 45, lambda r: r.choice([("Download metadata", "%d,%03d" % (r.randint(1, 40), r.randint(0, 999))), ("Fingerprint cleanup", str(r.randint(3, 900))), ("Workspace clean-up", str(r.randint(20, 900))),
                                                     ("Periodic background build discarder", str(r.randint(40, 900))), ("telemetry collection", str(r.randint(1, 90)))]), log="hudson.model.AsyncPeriodicWork#lambda$doRun$1"),
    ev("Obtained the updated data file for {}", 8, lambda r: r.choice(["hudson.tasks.Maven.MavenInstaller", "hudson.tools.JDKInstaller", "hudson.plugins.gradle.GradleInstaller"]), log="hudson.model.UpdateSite#updateData"),
    ev("Obtained the latest update center data file for UpdateSource {}", 4, lambda r: "default", log="hudson.model.DownloadService$Downloadable#load"),
    ev("Deleting {} on {}", 18, lambda r: ("/home/jenkins/agent/workspace/%s" % job(r).replace("/", "_"), r.choice(["built-in", "static-agent-arm64"])), log="hudson.model.WorkspaceCleanupThread#execute"),
    ev("No valid crumb was included in request for {} by {}. Returning {}.", 20, lambda r: (r.choice(["/job/shop-api/job/main/build", "/scriptText", "/job/nightly-e2e/buildWithParameters"]), r.choice(["deploy-bot", "anonymous", "m.weber"]), 403),
       lv="WARNING", log="hudson.security.csrf.CrumbFilter#doFilter"),
    ev("Login attempt failed for user {} from {}", 14, lambda r: (r.choice(["admin", "m.weber", "jenkins", "root"]), "%d.%d.%d.%d" % (185, 220, 101, r.randint(2, 250))), lv="WARNING",
       log="jenkins.security.SecurityListener#fireFailedToAuthenticate"),
    ev("Timer task {} failed", 2, lambda r: "hudson.model.LoadStatistics$LoadStatisticsUpdater@%s" % hexs(r, 7), lv="SEVERE", log="hudson.triggers.SafeTimerTask#run"),
    # shut-down
    ev("Stopping Jenkins", -1, log="jenkins.model.Jenkins#cleanUp", pos="end"),
    ev("Starting node disconnection", -1, log="jenkins.model.Jenkins$20#onAttained", pos="end"),
    ev("Jenkins stopped", -1, log="jenkins.model.Jenkins#cleanUp", pos="end"),
    ev("JVM is terminating. Shutting down Jetty", -1, log="winstone.Logger#logInternal", pos="end"),
]


def header(r, t, ev, n):
    return "%s.%03d+0000 [id=%d]\t%s\t%s: " % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000, r.randint(30, 4000), ev.meta["lv"], ev.meta["log"])
