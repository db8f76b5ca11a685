// The tutorial's Express server (/work/shared/seeds, "Create index.ts in
// express-server"), in plain JavaScript. Fixes to run it in bench/e2e, and no
// more: the Redis URL and port come from the environment (the tutorial's
// createClient() is localhost:6379, app.listen(3000)), and the job carries
// the body's userId, without which the WebSocket server of the tutorial's
// assignment cannot tell whose verdict an event is.
const express = require("express");
const { createClient } = require("redis");

const app = express();
app.use(express.json());
const client = createClient({ url: process.env.REDIS_URL });
client.on("error", (err) => console.log("Redis Client Error", err));

app.post("/submit", async (req, res) => {
  const { problemId, code, language, userId } = req.body;
  try {
    await client.lPush("problems", JSON.stringify({ code, language, problemId, userId }));
    // Store in the database
    res.status(200).send("Submission received and stored.");
  } catch (error) {
    console.error("Redis error:", error);
    res.status(500).send("Failed to store submission.");
  }
});

async function startServer() {
  try {
    await client.connect();
    console.log("Connected to Redis");
    const port = Number(process.env.PORT || 3000);
    app.listen(port, "127.0.0.1", () => console.log(`Server is running on port ${port}`));
  } catch (error) {
    console.error("Failed to connect to Redis", error);
  }
}
startServer();
