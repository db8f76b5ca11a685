// What the views share: the user, the problems, the languages, and the
// user's history (for the solved / attempted markers).
export const state = {
  user: "",
  problems: [],
  languages: [],
  history: [],
  coins: null, // the balance as the api last said, null when unknown
};

// Solved: an AC among the user's submissions; attempted: any other.
export function marker(problemId) {
  let tried = false;
  for (const s of state.history) {
    if (s.problemId !== problemId) continue;
    if (s.verdict === "AC") return "solved";
    tried = true;
  }
  return tried ? "attempted" : "";
}
