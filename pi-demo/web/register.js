// Sends the registration form as JSON and shows the server's message. Names
// and messages are set with textContent, never innerHTML, so whatever
// someone typed is shown as text.
"use strict";

const form = document.getElementById("register");
const message = document.getElementById("message");
const count = document.getElementById("count");

function show(text, ok) {
  message.textContent = text;
  message.className = "message " + (ok ? "success" : "error");
  message.hidden = false;
}

async function refreshCount() {
  try {
    const response = await fetch("/api/v1/status", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const status = await response.json();
    // The one word for them, as on the display and in the organiser's CLI.
    const n = status.count || 0;
    count.textContent = n === 1 ? "1 attendee" : `${n} attendees`;
  } catch (error) {
    count.textContent = "";
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const body = {
    firstName: fields.get("first_name"),
    lastName: fields.get("last_name"),
    code: fields.get("code"),
  };
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    const response = await fetch("/register", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    show(answer.message, response.ok);
    if (response.ok) {
      form.reset();
      refreshCount();
    }
  } catch (error) {
    show("The server is not reachable; please try again.", false);
  } finally {
    button.disabled = false;
  }
});

refreshCount();
