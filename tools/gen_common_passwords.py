#!/usr/bin/env python3
"""Write data/common-passwords.txt: passwords of 12 characters or more that people pick
because they are easy, built from patterns (not copied from any leaked list): digit runs,
keyboard walks, repeated characters, common words and names followed by years and digit
runs, and the application's own name.  Lower case, one a line, sorted, no duplicates.
The server compares case-insensitively; shorter passwords are refused for their length.
Public domain (written for poaiss).  Usage: python3 tools/gen_common_passwords.py > data/common-passwords.txt"""

MIN = 12
words = """password passw0rd p@ssword p@ssw0rd welcome welcome1 letmein admin administrator root
qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm iloveyou princess sunshine football baseball
basketball soccer monkey dragon master shadow superman batman trustno1 starwars whatever
secret changeme default login access freedom mustang michael jennifer charlie jordan hunter
summer winter spring autumn christmas january february october november december
computer internet security united nations unitednations newyork geneva vienna
firearms weapons smallarms report reports national government ministry focalpoint
secretariat poaiss unoda programme programmeofaction password! mypassword
""".split()
suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "!", "1!", "123!",
            "2020", "2021", "2022", "2023", "2024", "2025", "2026", "2027", "2028", "2029", "2030",
            "01", "007", "69", "99", "00", "000", "111", "1111", "2000", "1990", "1234!", "@123", "#1",
            "2026!", "@2026", "_2026", "-2026", ".2026", "123456789", "987654321", "0000", "4321"]

out = set()
def add(p):
    p = p.lower()
    if MIN <= len(p) <= 64:
        out.add(p)

digits = "1234567890"
for n in range(MIN, 21):
    add((digits * 3)[:n])
    add(("0123456789" * 3)[:n])
    add(("9876543210" * 3)[:n])
    add(("0987654321" * 3)[:n])
    for c in "0123456789abcdefghijklmnopqrstuvwxyz!*.":
        add(c * n)
    for pair in ["12", "21", "ab", "01", "10", "69", "xo", "ha", "qw", "aa1", "abc", "123", "a1b2c3", "1q2w3e", "1qaz2wsx"]:
        add((pair * 20)[:n])

rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv", "qazwsxedcrfv", "1q2w3e4r5t6y7u8i",
        "qwertyuiopasdfghjkl", "asdfghjklzxcvbnm", "azertyuiop", "qwertzuiop", "zaq12wsxcde3", "!qaz2wsx#edc",
        "poiuytrewq", "lkjhgfdsa", "mnbvcxz", "1234qwer", "qwer1234", "1234asdf", "asdf1234", "qwerasdfzxcv",
        "qweasdzxc", "zxcasdqwe", "qwe123", "asd123", "zxc123", "abcdefghijklmnopqrstuvwxyz",
        "abcd1234", "1234abcd", "a1b2c3d4e5f6", "aaaa1111", "abc123abc123"]
for r in rows:
    for n in range(MIN, min(len(r), 26) + 1):
        add(r[:n])
    for s in suffixes:
        add(r + s)

for w in words:
    for s in suffixes:
        add(w + s)
        add(w.capitalize() + s)
        add(s + w)
    add(w + w)
    for sep in ["", "1", "!", "123"]:
        add(w + sep + w)
for a in ["password", "welcome", "admin", "letmein", "qwerty", "iloveyou", "secret", "changeme", "poaiss"]:
    for b in ["password", "welcome", "admin", "letmein", "qwerty", "iloveyou", "secret", "changeme", "poaiss", "user", "login", "12345", "2026"]:
        if a != b:
            add(a + b)
            add(a + "1" + b)

for y in range(1950, 2031):
    for w in ["password", "welcome", "summer", "winter", "january", "december", "football", "iloveyou", "poaiss", "admin", "qwerty", "sunshine", "princess", "monkey", "dragon", "letmein"]:
        add(w + str(y))
        add(w + "@" + str(y))
        add(w + str(y) + "!")

for line in sorted(out):
    print(line)
