import fs from "node:fs";
const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean);
const out = [];
for (const l of lines) {
  const { src, flags, subjects } = JSON.parse(l);
  let re;
  try { re = new RegExp(src, flags); } catch (e) { out.push(JSON.stringify({ error: e.message })); continue; }
  out.push(JSON.stringify({ results: subjects.map((s) => { re.lastIndex = 0; return re.test(s); }) }));
}
fs.writeFileSync(process.argv[3], out.join("\n") + "\n");
