<?php

declare(strict_types=1);

namespace Tthc;

/**
 * The outcome of a libtthc call, with the values of `tthc_status` in
 * include/tthc.h (explicit and append-only there, so a stored value keeps
 * its meaning). The binding's tests check every case against the header.
 */
enum Status: int
{
    case OK = 0;
    case NULL_ARGUMENT = 1;
    case INVALID_UTF8 = 2;
    case INVALID_JSON = 3;
    case INPUT_TOO_LARGE = 4;
    case CATALOG_ERROR = 5;
    case NOT_FOUND = 6;
    case INVALID_INPUT = 7;
    case OUT_OF_RANGE = 8;
    case IO = 9;
    case PANIC = 10;
    case POISONED = 11;
    case NOT_RECORDED = 12;

    /** The status of a name as the library writes it (`"NOT_FOUND"`), or null. */
    public static function fromName(string $name): ?self
    {
        foreach (self::cases() as $case) {
            if ($case->name === $name) {
                return $case;
            }
        }
        return null;
    }
}
