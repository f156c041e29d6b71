// Copies the shipped agreements (agreements/*.s75) into test/shipped/, where
// their highlighting is compared with the snapshots kept beside them.
const fs = require("fs");
const path = require("path");

const from = path.join(__dirname, "..", "..", "..", "agreements");
const to = path.join(__dirname, "shipped");
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from).filter((n) => n.endsWith(".s75")).sort()) {
  fs.copyFileSync(path.join(from, name), path.join(to, name));
}
