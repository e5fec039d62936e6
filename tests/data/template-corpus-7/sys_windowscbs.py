"""WindowsCbs: `C:\\Windows\\Logs\\CBS\\CBS.log` of a Windows 10 22H2 machine (servicing stack 10.0.19041.3680) while
Windows Update installs a cumulative update and an administrator runs a component-store scan: the header is the
date, the time with a comma, the level padded to 22 characters (`Info`, `Warning`, `Error`, `Perf`) and the component
padded to 7 (`CBS`, `CSI`, `DPX`, `DISM`, `SQM` lines are CBS's). TrustedInstaller and TiWorker start-up, SQM upload
attempts, sessions with package applicability and planning, cabinet and execution steps, HRESULT failures, CSI
store checks with the CSI sequence number in front, DPX phases, DISM provider lines, TrustedInstaller shut-down."""
from gen_common import E, hexs, pick, turn

NAME = "WindowsCbs"
LAYOUT = "<Date> <Time>, <Level> <Component> <Content>"

PKT = "31bf3856ad364e35"
LCU = "19041.3693"
HR = [("0x800f0831", "CBS_E_STORE_CORRUPTION"), ("0x80070002", "ERROR_FILE_NOT_FOUND"), ("0x800f080c", "CBS_E_UNKNOWN_UPDATE"),
      ("0x80004005", "E_FAIL"), ("0x800f0805", "CBS_E_INVALID_PACKAGE"), ("0x800705b4", "ERROR_TIMEOUT"), ("0x800f0922", "CBS_E_INSTALLERS_FAILED")]
CLIENTS = ["WindowsUpdateAgent", "UpdateAgentLCU", "DISM Package Manager Provider", "TiWorker", "Windows Defender"]
CSI_SEQ = [0x11]


def ev(fmt, weight, gen=None, lv="Info", comp="CBS", **kw):
    return E(fmt, weight, gen, lv=lv, comp=comp, **kw)


def pkg(r):
    x = r.random()
    if x < 0.55:
        return "Package_%d_for_KB5032189~%s~amd64~~10.0.1.11" % (r.randint(1, 6200), PKT)
    return r.choice(["Package_for_RollupFix~%s~amd64~~%s.1.11" % (PKT, LCU), "Package_for_KB5032189~%s~amd64~~%s.1.11" % (PKT, LCU),
                     "Package_for_ServicingStack_3680~%s~amd64~~19041.3680.1.1" % PKT, "Package_for_KB5031539~%s~amd64~~10.0.1.2" % PKT,
                     "Microsoft-Windows-Client-LanguagePack-Package~%s~amd64~en-US~10.0.19041.3693" % PKT,
                     "Microsoft-Windows-NetFx3-OnDemand-Package~%s~amd64~~10.0.19041.3636" % PKT,
                     "Microsoft-Windows-Foundation-Package~%s~amd64~~10.0.19041.1" % PKT,
                     "Microsoft-Windows-Printing-PremiumTools-FoD-Package~%s~amd64~~10.0.19041.3570" % PKT,
                     "Microsoft-OneCore-ApplicationModel-Sync-Desktop-FOD-Package~%s~amd64~~10.0.19041.3636" % PKT])


def update(r):
    return r.choice(["Microsoft-Windows-Kernel-LA57-FoD", "Microsoft-Windows-Client-Features-Package-AutoMerged-shell", "Microsoft-Windows-Edge-Stub",
                     "Microsoft-Windows-Defender-Core-Package", "Microsoft-Windows-Shell-SoundThemes-Package", "Microsoft-Windows-Hyper-V-ClientEdition-Package",
                     "Microsoft-Windows-Printing-XPSServices-Package", "Microsoft-Windows-MediaPlayer-Package"]) + "~%s~amd64~~10.0.19041.%d" % (PKT, r.choice([3636, 3693, 3570]))


def session(r):
    return "%d_%d" % (r.randint(31100000, 31199999), r.randint(10**9, 4 * 10**9))


def hr(r, pool=None):
    return r.choice(pool or HR)


def csi(r):
    CSI_SEQ[0] += r.randint(1, 3)
    return "%08x" % CSI_SEQ[0]


def state(r):
    return r.choice([112, 112, 112, 0, 5, 80, 7])


EVENTS = [
    ev("TI: --- Initializing Trusted Installer ---", -1, pos="start"),
    ev("TI: Last boot time: {}", -1, lambda r: "2026-11-28 08:41:17.500", pos="start"),
    ev("Starting TrustedInstaller initialization.", -1, pos="start"),
    ev("Loaded Servicing Stack v{} with Core: {}", -1, lambda r: ("10.0.19041.3680", "C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_%s_10.0.19041.3680_none_7e5b9ea1c8e5b4c4\\cbscore.dll" % PKT), pos="start"),
    ev("Ending TrustedInstaller initialization.", -1, pos="start"),
    ev("Starting the TrustedInstaller main loop.", -1, pos="start"),
    ev("TrustedInstaller service starts successfully.", -1, pos="start"),
    ev("SQM: Initializing online with Windows opt-in: {}", -1, lambda r: "False", pos="start"),
    ev("SQM: Cleaning up report files older than {} days.", -1, lambda r: 10, pos="start"),
    ev("SQM: Requesting upload of all unsent reports.", -1, pos="start"),
    ev("SQM: Failed to start upload with file pattern: {}, flags: {} [HRESULT = {} - {}]", -1, lambda r: ("C:\\Windows\\servicing\\sqm\\*_std.sqm", "0x2", "0x80004005", "E_FAIL"), pos="start"),
    ev("SQM: Failed to start standard sample upload. [HRESULT = {} - {}]", -1, lambda r: ("0x80004005", "E_FAIL"), pos="start"),
    ev("SQM: Queued {} file(s) for upload with pattern: {}, flags: {}", -1, lambda r: (0, "C:\\Windows\\servicing\\sqm\\*_all.sqm", "0x6"), pos="start"),
    ev("SQM: Warning: Failed to upload all unsent reports. [HRESULT = {} - {}]", -1, lambda r: ("0x80004005", "E_FAIL"), pos="start"),
    ev("No startup processing required, TrustedInstaller service was not set as autostart", -1, pos="start"),
    ev("Startup processing thread terminated normally", -1, pos="start"),
    ev("Starting TiWorker initialization.", -1, pos="start"),
    ev("Ending TiWorker initialization.", -1, pos="start"),
    ev("Starting the TiWorker main loop.", -1, pos="start"),
    ev("TiWorker starts successfully.", -1, pos="start"),
    ev("Universal Time is: {}", -1, lambda r: "2026-11-28 13:02:11.742", pos="start"),
    # steady state: sessions, applicability, planning
    ev("Lock: New lock added: {}, level: {}, total lock:{}", 45, lambda r: (lambda n, l: (n, l, r.randint(3, 12)))(*r.choice([("CCbsPublicSessionClassFactory", 30), ("CCbsPublicSession", 15), ("WinlogonNotifyLock", 8), ("CCbsSessionManager", 15)]))),
    ev("Session: {} initialized by client {}, external staging directory: {}, external registry directory: {}", 40,
       lambda r: (session(r), r.choice(CLIENTS), pick(r, "(null)", "(null)", "C:\\Windows\\SoftwareDistribution\\Download\\%s" % hexs(r, 32)), "(null)")),
    ev("Session: {} finalized. Reboot required: {} [HRESULT = {} - {}]", 38,
       lambda r: (session(r), pick(r, "no", "no", "no", "yes")) + (("0x00000000", "S_OK") if r.random() < 0.85 else hr(r))),
    ev("Read out cached package applicability for package: {}, ApplicableState: {}, CurrentState:{}", 380, lambda r: (pkg(r), pick(r, 112, 112, 112, 112, 112, 0), state(r))),
    ev("Appl: detect Parent, Package: {}, Parent: {}, Disposition = {}, VersionComp: {}, ServiceComp: {}, BuildComp: {}, DistributionComp: {}, RevisionComp: {}, Exist: {}", 230,
       lambda r: (pkg(r), "Microsoft-Windows-CoreEdition~%s~amd64~~10.0.19041.3693" % PKT, pick(r, "Detect", "Detect", "Staged"), "EQ", "EQ", "EQ", "GE", pick(r, "GE", "LE", "EQ"), pick(r, "present", "present", "absent"))),
    ev("Appl: detectParent: package: {}, no parent found, go absent", 70, pkg),
    ev("Appl: detectParent: package: {}, disposition state from detectParent: {}", 110, lambda r: (pkg(r), pick(r, "Installed", "Installed", "Absent", "Staged"))),
    ev("Appl: Evaluating package applicability for package {}, applicable state: {}", 120, lambda r: (pkg(r), pick(r, "Installed", "Installed", "Installed", "Absent"))),
    ev("Plan: Package: {}, Applicability: {}, CurrentState:{}, TargetState: {}", 140, lambda r: (pkg(r), pick(r, "Installed", "Installed", "Not Applicable"), pick(r, "Absent", "Staged", "Installed"), pick(r, "Installed", "Installed", "Absent"))),
    ev("Package: {} is already in the correct state, current: {}, targeted: {}", 40, lambda r: (lambda s: (pkg(r), s, s))(pick(r, "Installed", "Installed", "Absent"))),
    ev("Opened cabinet package, package: {}, sandbox location: {}, cabinet location: {}, manifest location: {}", 14,
       lambda r: (lambda d: ("Package_for_KB5032189~%s~amd64~~%s.1.11" % (PKT, LCU), "\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\%s\\inst\\Package_for_KB5032189.mum" % d,
                             "\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\%s\\inst\\Windows10.0-KB5032189-x64.cab" % d, "\\\\?\\C:\\Windows\\SoftwareDistribution\\Download\\%s\\inst\\update.mum" % d))(hexs(r, 32))),
    ev("Exec: Processing started.  Client: {}, Session(Pkg): {}, Package: {}", 10, lambda r: (r.choice(CLIENTS[:2]), session(r), "Package_for_RollupFix~%s~amd64~~%s.1.11" % (PKT, LCU))),
    ev("Exec: Installing Package: {}, Update: {}, InstallDeployment: {}", 90, lambda r: (lambda u: (pkg(r), u, u.split("~")[0] + "-Deployment"))(update(r))),
    ev("Exec: Resolving Package: {}, Update: {}, InstallDeployment: {}", 70, lambda r: (lambda u: (pkg(r), u, u.split("~")[0] + "-Deployment"))(update(r))),
    ev("Perf: InstallUninstallChain complete.", 8, lv="Perf"),
    ev("FinalCommitPackagesState: Started persisting state of packages", 6),
    ev("FinalCommitPackagesState: Completed persisting state of packages", 6),
    ev("Enumerating Foundation package: {}, this could be slow", 5, lambda r: "Microsoft-Windows-Foundation-Package~%s~amd64~~10.0.19041.1" % PKT),
    ev("Setting ExecuteState key to: {}", 4, lambda r: pick(r, "ExecuteStateNone", "CbsExecuteStateResolvePending")),
    ev("Reboot mark set", 2),
    ev("Warning: Unrecognized packageExtended attribute.", 24, lv="Warning"),
    ev("Failed to internally open package. [HRESULT = {} - {}]", 12, lambda r: hr(r, HR[:5]), lv="Error"),
    ev("Failed to OpenPackage using worker session [HRESULT = {} - {}]", 10, lambda r: hr(r, HR[:5]), lv="Error"),
    ev("Failed to get next element [HRESULT = {} - {}]", 6, lambda r: ("0x800f080d", "CBS_E_MANIFEST_INVALID_ITEM"), lv="Error"),
    ev("Failed to load the COMPONENT hive from '{}' into registry key '{}'. [HRESULT = {} - {}]", 2,
       lambda r: ("C:\\Windows\\System32\\config\\COMPONENTS", "HKLM\\COMPONENTS", "0x80070020", "ERROR_SHARING_VIOLATION"), lv="Error"),
    ev("Failed to resolve execution package: {} [HRESULT = {} - {}]", 3, lambda r: (pkg(r),) + hr(r, HR[:3] + HR[6:]), lv="Error"),
    ev("Checking System Update Readiness.", 2),
    ev("Repr: CBS Store check completes", 2),
    # DPX
    ev("Started DPX phase: {}", 22, lambda r: pick(r, "Resume and Download Job", "Apply Deltas Provided In File", "Apply Deltas Provided In File"), comp="DPX"),
    ev("Ended DPX phase: {}", 22, lambda r: pick(r, "Resume and Download Job", "Apply Deltas Provided In File", "Apply Deltas Provided In File"), comp="DPX"),
    ev("CJob::Resume failed with HRESULT = {}", 2, lambda r: "0x80070002", comp="DPX", lv="Error"),
    # CSI (the sequence number is CSI's own counter in front of each message)
    ev("{} CSI Store {} ({}) initialized", 4, lambda r: (csi(r), r.randint(2 * 10**12, 3 * 10**12), "0x%016x" % r.randint(0x23300000000, 0x233ffffffff)), comp="CSI"),
    ev("{} [SR] Verifying {} components", 30, lambda r: (csi(r), 100), comp="CSI"),
    ev("{} [SR] Beginning Verify and Repair transaction", 30, csi, comp="CSI"),
    ev("{} [SR] Verify complete", 30, csi, comp="CSI"),
    ev("{} [SR] Repairing {} components", 2, lambda r: (csi(r), 1), comp="CSI"),
    ev("{} Hashes for file member {} do not match.", 4, lambda r: (csi(r), r.choice(['[l:10]"opencl.dll"', '[l:13]"netfxperf.dll"', '[l:10]"user32.dll"'])), comp="CSI"),
    ev("{} Warning: Overlap: Directory {} is owned twice or has its security set twice", 16,
       lambda r: (csi(r), r.choice(["\\??\\C:\\Program Files\\Windows Defender\\", "\\??\\C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\Modules\\", "\\??\\C:\\Windows\\SysWOW64\\migwiz\\dlmanifests\\"])), comp="CSI"),
    ev("{} Primitive installers committed for repair", 2, csi, comp="CSI"),
    # DISM provider lines written into CBS.log
    ev("DISM Provider Store: PID={} TID={} Getting Provider {} - CDISMProviderStore::GetProvider", 6, lambda r: (7724, r.choice([5312, 8840]), pick(r, "DISM Package Manager", "OSServices", "CbsProvider")), comp="DISM"),
    ev("DISM Provider Store: PID={} TID={} Provider has previously been initialized.  Returning the existing instance. - CDISMProviderStore::Internal_GetProvider", 6, lambda r: (7724, r.choice([5312, 8840])), comp="DISM"),
    ev("DISM Package Manager: PID={} TID={} Finalizing CBS core. - CDISMPackageManager::Finalize", 1, lambda r: (7724, 5312), comp="DISM"),
    # shut-down
    ev("Trusted Installer is shutting down because: {}", -1, lambda r: "SHUTDOWN_REASON_AUTOMATIC", pos="end"),
    ev("TiWorker signaled for shutdown, going to exit.", -1, pos="end"),
    ev("Ending the TiWorker main loop.", -1, pos="end"),
    ev("Starting TiWorker finalization.", -1, pos="end"),
    ev("Ending TiWorker finalization.", -1, pos="end"),
    ev("Ending the TrustedInstaller main loop.", -1, pos="end"),
    ev("Starting TrustedInstaller finalization.", -1, pos="end"),
    ev("Ending TrustedInstaller finalization.", -1, pos="end"),
]


def header(r, t, ev, n):
    return "%s, %-22s%-7s" % (t.strftime("%Y-%m-%d %H:%M:%S"), ev.meta["lv"], ev.meta["comp"])
