// The tutorial's Express intake server (../shared/seeds), in plain JavaScript:
// POST /submit pushes {code, language, problemId} on the Redis list
// "problems". The reference for bench/intake's POST /submit bar.
const express = require("express");
const { createClient } = require("redis");

const app = express();
app.use(express.json());
const client = createClient({ url: process.env.REDIS_URL });
client.on("error", (err) => console.log("Redis Client Error", err));

app.post("/submit", async (req, res) => {
  const { problemId, code, language } = req.body;
  try {
    await client.lPush("problems", JSON.stringify({ code, language, problemId }));
    res.status(200).send("Submission received and stored.");
  } catch (error) {
    console.error("Redis error:", error);
    res.status(500).send("Failed to store submission.");
  }
});

async function startServer() {
  await client.connect();
  const port = Number(process.env.PORT || 3000);
  app.listen(port, () => console.log(`Server is running on port ${port}`));
}
startServer();
