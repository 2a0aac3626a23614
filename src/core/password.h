/* password — the password policy (等保2.0): at least 12 characters, three of the four
 * classes (lower case, upper case, digits, other), not containing the username. */
#ifndef LD_PASSWORD_H
#define LD_PASSWORD_H

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_BYTES 256

/* NULL when password is acceptable for username, else a message in Chinese (static). */
const char *password_check(const char *password, const char *username);

#endif
