import json, random, sys
random.seed(int(sys.argv[1]))
N=int(sys.argv[2])
T=["-","x","X","a","~","_","é","É"]
suffixes=["", "-x", "/y", "(.*)", "-", "{-:c}?", "x", "-x-", "a", "{ax:c}", "([a-z]+)", "(\\d+)", "{/z}?", ":c"]
P=["-","x","X","a","b","/","~","_","1","é","É","--","-x-"]
with open("paths.jsonl","w") as f:
    for n in range(N):
        t="".join(random.choice(T) for _ in range(random.randint(2,4)))
        head=random.choice(["/:a", "/p/:a", "/{x:a}", "/:a(\\d+)"])
        pat=head+t+":b"+random.choice(suffixes)
        if random.random()<0.3: pat = "/{"+t+":b}"+random.choice(["", "?", ""])+random.choice(suffixes)
        for _ in range(8):
            q="/"+"".join(random.choice(P) for _ in range(random.randint(1,10)))
            q=q.replace("//","/")
            f.write(json.dumps({"id":f"g{n}","patterns":[pat],"path":q})+"\n")
open("regex.jsonl","w").close(); open("regex.expected.jsonl","w").close()
