"""What the exit status of `voxrelay transcribe` says: the first thing that went wrong."""

FAILED, USAGE, UNREADABLE, NOT_AUDIO, UNKNOWN_MODEL = 1, 2, 3, 4, 5
EXIT_CODES = {
    0: "every file was transcribed",
    FAILED: "a file could not be transcribed for another reason (engine failure, too long, output not written)",
    USAGE: "the command line is wrong (a flag, a language code, two files writing one output)",
    UNREADABLE: "a file could not be read (missing, a folder, no permission)",
    NOT_AUDIO: "a file is empty or not audio in an accepted format",
    UNKNOWN_MODEL: "the model is unknown, or cannot transcribe the language asked for",
}
