"""The password rules a registration must pass (NIST SP 800-63B-4 for a password that is the
only factor): long enough, short enough for bcrypt, and not one of the first guesses an
attacker makes. No composition rules: "one digit and one symbol" only breeds Password1!."""

import re
import unicodedata

MIN_CHARACTERS = 15
# bcrypt reads only the first 72 bytes. A longer password is refused rather than cut, so that
# two passwords sharing their first 72 bytes can never both log in.
MAX_BYTES = 72

# A short list for the example; a real service would load a large breached-password list.
COMMON = {
    "password", "passw", "qwerty", "qwertyuiop", "asdfgh", "zxcvbn", "letmein", "welcome",
    "admin", "administrator", "iloveyou", "monkey", "dragon", "football", "baseball",
    "sunshine", "princess", "master", "shadow", "superman", "trustno", "abc", "login",
    "starwars", "freedom", "whatever", "hello", "secret", "changeme", "flask",
}

# Attackers' rules swap these both ways, so the list is compared with them undone.
LEET = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "0": "o", "5": "s", "$": "s", "7": "t", "+": "t"})


def normalize(password):
    """NFC on register and on login alike: the same text typed two ways is one password."""
    return unicodedata.normalize("NFC", password)


def too_long(password):
    return len(normalize(password).encode("utf-8")) > MAX_BYTES


def problem_with(password, username):
    """None when the password is acceptable, otherwise the reason to show the user."""
    password = normalize(password)
    if len(password) < MIN_CHARACTERS:
        return f"Password must be at least {MIN_CHARACTERS} characters; a few unrelated words make a good one"
    if too_long(password):
        return f"Password must be at most {MAX_BYTES} bytes (accents and emoji take 2 to 4 bytes each)"
    folded = password.lower()
    if len(username) >= 3 and (username.lower() in folded or username.lower() in folded.translate(LEET)):
        return "Password must not contain your username"
    # "P@ssw0rd2024!" and "qwerty123456789": strip the digits and symbols people add around a
    # common password, undo leetspeak in what is left, and compare.
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", folded).translate(LEET)
    if core == "" or core in COMMON or len(set(password)) <= 3:
        return "Password is one attackers try first (a common password with small changes); a few unrelated words make a good one"
    return None
