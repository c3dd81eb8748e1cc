import json, random, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
pat_pieces = ["/", "/", "/", "a", "b", "B", "é", "É", "k", "-", ".", "_", "~", "x", ":id", ":x?", ":y*", ":z+", "(.*)", "(\\d+)", "([a-z]+)", "([^/]+)", "(a|b)", "{", "}", "{/x}?", "{-:v}", "\\.", "*", "?", "+", ":a", "(?:x)", "(x(?:y))", "\\", "(\\w)", "(é+)", "(K)", "([^-]+)", "(.)", "(a{2})", "(\\s)", "(\\b)", "([\\d-z]+)", "(\\x41)", "(\\101)", "(]){", ":", "("]
path_pieces = ["/", "/", "/", "a", "A", "b", "B", "é", "É", "k", "K", "\u212a", "ſ", "-", ".", "_", "x", "X", "y", "1", "12", "#", "?", " ", "\t", "aa", "ab", "z", "v"]
re_pieces = ["a", "b", "A", "k", "é", "Ä", "ſ", "\u212a", "ß", "ẞ", "µ", "Μ", "μ", "ı", "İ", "i", "I", ".", "*", "+", "?", "|", "(", ")", "(?:", "[", "]", "[^", "-", "\\d", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "^", "$", "{2}", "{1,}", "{", "}", "\\", "\\x41", "\\u00e4", "\\cA", "\\0", "\\1", "\\k", "\\p{Lu}", "\\u{41}", ",", "0", "1", "(?<n>", "\\k<n>", "(?=", "(?!", "[\\b]", "[\\c1]", "\\c1", "[a-\\d]", "\\8", "\\00", "\\012", "{,2}", "{2,1}", "\\uD83D\\uDE00", "\\-", "\\/", "\\P{L}", "[\\w-]", "[z-a]", "(?<=", "\\p", "\\x4", "\\u00", "😀", ".*"]
subj_pieces = ["a", "b", "A", "B", "k", "K", "\u212a", "é", "É", "ä", "Ä", "ſ", "s", "S", "ß", "ẞ", "SS", "µ", "Μ", "μ", "ı", "İ", "i", "I", " ", "\t", "\n", "1", "_", "-", "{", "}", ",", "\x01", "\x00", "p", "u"]
with open("paths.jsonl", "w") as f:
    for n in range(N):
        k = random.randint(1, 7)
        p = "".join(random.choice(pat_pieces) for _ in range(k))
        paths = ["".join(random.choice(path_pieces) for _ in range(random.randint(1, 8))) for _ in range(6)]
        paths = [q if q.startswith("/") else "/" + q for q in paths]
        for q in paths:
            if "//" in q: q = q.replace("//", "/")
            f.write(json.dumps({"id": f"f{n}", "patterns": [p], "path": q}) + "\n")
with open("regex.jsonl", "w") as f:
    for n in range(N):
        k = random.randint(1, 8)
        src = "".join(random.choice(re_pieces) for _ in range(k))
        flags = random.choice(["", "i", "i", "u", "iu", "m", "im", "y", "s"])
        subjects = ["".join(random.choice(subj_pieces) for _ in range(random.randint(0, 5))) for _ in range(8)]
        f.write(json.dumps({"src": src, "flags": flags, "subjects": subjects}) + "\n")
