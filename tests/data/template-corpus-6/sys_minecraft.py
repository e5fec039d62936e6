"""Minecraft: `logs/latest.log` of a small Paper 1.20.4 survival server with a few plugins, log4j pattern
`[%d{HH:mm:ss}] [%t/%level]: %msg` (time only, thread name and level joined by `/`). Start-up (properties, world
preparation, spawn area, plugins), logins and disconnects, chat, commands, advancements, death messages, movement
warnings, lag warnings, the watchdog, saving and shut-down. Vanilla prints each advancement kind and each death cause
from its own translation key, so they are separate statements (`has made the advancement`, `has completed the
challenge`, `was slain by`, `fell from a high place`, …)."""
from gen_common import E, ip, pubip, hexs, uuid, turn

NAME = "Minecraft"
LAYOUT = "\\[<Time>\\] \\[<Thread>/<Level>\\]: <Content>"

PLAYERS = ["Steve_Builds", "xXCreeperXx", "MossyMaya", "Notch4Ever", "redstone_rob", "lunaPixel", "Kai_the_Miner", "ohBee", "GrumpyGolem", "tilly_t", "Dr_Endermann", "quartzQueen"]
MOBS = ["Zombie", "Skeleton", "Creeper", "Spider", "Drowned", "Enderman", "Pillager", "Witch", "Piglin Brute", "Warden"]
CHAT = ["anyone got spare iron?", "brb dinner", "lol", "where is the nether portal again", "gg", "who took my diamonds", "found a village at 1200 -340", "can someone tp me", "trading hall is done",
        "server lagging for anyone else?", "ok", "night night", "wanna raid the ocean monument"]
ADV = ["Stone Age", "Acquire Hardware", "Isn't It Iron Pick", "Hot Stuff", "We Need to Go Deeper", "Diamonds!", "Monster Hunter", "Sweet Dreams", "Ice Bucket Challenge", "Enchanter"]


def ev(fmt, weight, gen=None, lv="INFO", th="Server thread", **kw):
    return E(fmt, weight, gen, lv=lv, th=th, **kw)


def pl(r):
    return r.choice(PLAYERS)


def coord(r, lo=-3000, hi=3000):
    return "%.2f" % r.uniform(lo, hi)


EVENTS = [
    ev("Environment: {}", -1, lambda r: "Environment[sessionHost=https://sessionserver.mojang.com, servicesHost=https://api.minecraftservices.com, name=PROD]", th="main", pos="start"),
    ev("Loaded {} recipes", -1, lambda r: 1175, th="Worker-Main-2", pos="start"),
    ev("Loaded {} advancements", -1, lambda r: 1229, th="Worker-Main-2", pos="start"),
    ev("Starting minecraft server version {}", -1, lambda r: "1.20.4", pos="start"),
    ev("Loading properties", -1, pos="start"),
    ev("This server is running {} version {} (Implementing API version {})", -1, lambda r: ("Paper", "git-Paper-496 (MC: 1.20.4)", "1.20.4-R0.1-SNAPSHOT"), pos="start"),
    ev("Server Ping Player Sample Count: {}", -1, lambda r: 12, pos="start"),
    ev("Default game type: {}", -1, lambda r: "SURVIVAL", pos="start"),
    ev("Generating keypair", -1, pos="start"),
    ev("Starting Minecraft server on {}:{}", -1, lambda r: ("*", 25565), pos="start"),
    ev("Using epoll channel type", -1, pos="start"),
    ev("[{}] Loading {} v{}", -4, lambda r: (lambda p: (p[0], p[0], p[1]))(turn("mc-load", [("LuckPerms", "5.4.117"), ("EssentialsX", "2.20.1"), ("WorldGuard", "7.0.9+5934e49"), ("CoreProtect", "22.2")])), pos="start"),
    ev("Preparing level \"{}\"", -1, lambda r: "world", pos="start"),
    ev("Preparing start region for dimension {}", -3, lambda r: turn("mc-dim", ["minecraft:overworld", "minecraft:the_nether", "minecraft:the_end"]), pos="start"),
    ev("Preparing spawn area: {}%", -9, lambda r: turn("mc-spawn", [0, 0, 4, 18, 41, 63, 84, 97, 100]), th="Worker-Main-5", pos="start"),
    ev("Time elapsed: {} ms", -3, lambda r: turn("mc-el", [5123, 1871, 944]), pos="start"),
    ev("[{}] Enabling {} v{}", -4, lambda r: (lambda p: (p[0], p[0], p[1]))(turn("mc-en", [("LuckPerms", "5.4.117"), ("EssentialsX", "2.20.1"), ("WorldGuard", "7.0.9+5934e49"), ("CoreProtect", "22.2")])), pos="start"),
    ev("Done ({}s)! For help, type \"help\"", -1, lambda r: "14.207", pos="start"),
    # players
    ev("UUID of player {} is {}", 90, lambda r: (pl(r), uuid(r)), th="User Authenticator"),
    ev("{}[{}] logged in with entity id {} at ([{}]{}, {}, {})", 88, lambda r: (pl(r), "/%s:%d" % (r.choice([pubip(r), ip(r, "192.168")]), r.randint(30000, 65000)), r.randint(100, 90000),
                                                                           r.choice(["world", "world", "world_nether"]), coord(r), "%.2f" % r.uniform(-40, 200), coord(r))),
    ev("{} joined the game", 88, pl),
    ev("{} left the game", 84, pl),
    ev("{} lost connection: {}", 84, lambda r: (pl(r), r.choice(["Disconnected", "Disconnected", "Timed out", "Internal Exception: java.net.SocketException: Connection reset",
                                                                  "You logged in from another location"]))),
    ev("Disconnecting {}: {}", 10, lambda r: ("/%s:%d" % (pubip(r), r.randint(30000, 65000)), r.choice(["Failed to verify username!", "Outdated client! Please use 1.20.4", "Took too long to log in"])),
       th="Server thread"),
    ev("<{}> {}", 420, lambda r: (pl(r), r.choice(CHAT)), th="Async Chat Thread"),
    ev("{} issued server command: {}", 220, lambda r: (pl(r), r.choice(["/home", "/home base", "/spawn", "/tpa %s" % pl(r), "/tpaccept", "/sethome farm", "/msg %s ok" % pl(r), "/co inspect", "/back",
                                                                        "/warp market", "/lp user %s info" % pl(r)]))),
    ev("[{}: {}]", 24, lambda r: (r.choice(["quartzQueen", "Server"]), r.choice(["Set the time to 1000", "Teleported %s to %s" % (pl(r), pl(r)), "Set own game mode to Creative Mode",
                                                                                 "Gave 1 [Elytra] to %s" % pl(r), "Changing to clear weather"]))),
    ev("There are {} of a max of {} players online: {}", 10, lambda r: (lambda k: (k, 20, ", ".join(r.sample(PLAYERS, k))))(r.randint(1, 6))),
    ev("{} has made the advancement [{}]", 70, lambda r: (pl(r), r.choice(ADV))),
    ev("{} has completed the challenge [{}]", 5, lambda r: (pl(r), r.choice(["Monsters Hunted", "How Did We Get Here?", "Arbalistic"]))),
    ev("{} has reached the goal [{}]", 8, lambda r: (pl(r), r.choice(["Sky's the Limit", "Cover Me in Debris", "The Next Generation"]))),
    # deaths
    ev("{} was slain by {}", 40, lambda r: (pl(r), r.choice(MOBS))),
    ev("{} was shot by {}", 18, lambda r: (pl(r), r.choice(["Skeleton", "Pillager", "Stray"]))),
    ev("{} was blown up by {}", 16, lambda r: (pl(r), "Creeper")),
    ev("{} fell from a high place", 22, pl),
    ev("{} hit the ground too hard", 10, pl),
    ev("{} tried to swim in lava", 12, pl),
    ev("{} drowned", 8, pl),
    ev("{} burned to death", 5, pl),
    ev("{} starved to death", 2, pl),
    ev("{} experienced kinetic energy", 3, pl),
    # warnings
    ev("Can't keep up! Is the server overloaded? Running {}ms or {} ticks behind", 40, lambda r: (lambda ms: (ms, ms // 50))(r.randint(2001, 12000)), lv="WARN"),
    ev("{} moved too quickly! {},{},{}", 36, lambda r: (pl(r), "%.6f" % r.uniform(-40, 40), "%.6f" % r.uniform(-5, 20), "%.6f" % r.uniform(-40, 40)), lv="WARN"),
    ev("{} moved wrongly!", 20, pl, lv="WARN"),
    ev("{} was kicked for floating too long!", 4, pl),
    ev("[{}] Teleport cooldown active for {} ({}s)", 6, lambda r: ("EssentialsX", pl(r), r.randint(1, 30)), th="Craft Scheduler Thread"),
    ev("[{}] Failed to save data for {}: {}", 2, lambda r: ("CoreProtect", "database", "database is locked"), lv="WARN", th="Craft Scheduler Thread"),
    ev("The server has not responded for {} seconds! Creating thread dump", 1, lambda r: 10, lv="WARN", th="Paper Watchdog Thread"),
    ev("Saving the game (this may take a moment!)", 3),
    ev("Saved the game", 3),
    ev("Saving chunks for level 'ServerLevel[{}]'/{}", 9, lambda r: (r.choice([("world", "minecraft:overworld"), ("world_nether", "minecraft:the_nether"), ("world_the_end", "minecraft:the_end")]))),
    # shut-down
    ev("Stopping the server", -1, pos="end"),
    ev("Stopping server", -1, pos="end"),
    ev("[{}] Disabling {} v{}", -4, lambda r: (lambda p: (p[0], p[0], p[1]))(turn("mc-dis", [("CoreProtect", "22.2"), ("WorldGuard", "7.0.9+5934e49"), ("EssentialsX", "2.20.1"), ("LuckPerms", "5.4.117")])), pos="end"),
    ev("Saving players", -1, pos="end"),
    ev("Saving worlds", -1, pos="end"),
    ev("ThreadedAnvilChunkStorage ({}): All chunks are saved", -3, lambda r: turn("mc-tacs", ["world", "DIM-1", "DIM1"]), pos="end"),
    ev("ThreadedAnvilChunkStorage: All dimensions are saved", -1, pos="end"),
]


def header(r, t, ev, n):
    th = ev.meta["th"]
    if th == "User Authenticator":
        th = "User Authenticator #%d" % r.randint(1, 40)
    elif th == "Async Chat Thread":
        th = "Async Chat Thread - #%d" % r.randint(0, 9)
    elif th == "Craft Scheduler Thread":
        th = "Craft Scheduler Thread - %d" % r.randint(1, 30)
    return "[%s] [%s/%s]: " % (t.strftime("%H:%M:%S"), th, ev.meta["lv"])
