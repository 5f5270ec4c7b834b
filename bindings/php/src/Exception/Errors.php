<?php

declare(strict_types=1);

namespace Tthc\Exception;

use Tthc\Status;

/**
 * Which exception class a failed call throws: by the error's `kind` when
 * the kind has a family of its own, else by its status. The kinds are
 * tthc::ErrorKind's (crates/tthc/src/error.rs), which the C ABI reports in
 * its error JSON; the families are the Python package's
 * (bindings/python/tthc/_errors.py).
 *
 * @internal
 */
final class Errors
{
    /** @var array<string, class-string<TthcException>> */
    private const BY_KIND = [
        'unknown-procedure' => NotFoundException::class,
        'unknown-province' => NotFoundException::class,
        'procedure-not-in-force' => NotInForceException::class,
        'province-not-in-force' => NotInForceException::class,
        'invalid-case' => CaseException::class,
        'unknown-category' => CaseException::class,
        'level-not-competent' => CaseException::class,
        'no-processing-time' => DeadlineException::class,
        'no-counting-rule' => DeadlineException::class,
        'invalid-event' => DossierException::class,
        'no-events' => DossierException::class,
        'as-of-before-events' => DossierException::class,
        'invalid-dossier' => DossierException::class,
        'out-of-range' => CalendarRangeException::class,
        'result-out-of-range' => CalendarRangeException::class,
        'lunar-out-of-range' => CalendarRangeException::class,
        'no-calendar' => CalendarException::class,
        'no-office-hours' => CalendarException::class,
        'invalid-date' => InvalidDateException::class,
        'invalid-lunar-date' => InvalidDateException::class,
    ];

    /** @var array<string, class-string<TthcException>> by status name */
    private const BY_STATUS = [
        'NULL_ARGUMENT' => CaseException::class,
        'INVALID_UTF8' => CaseException::class,
        'INVALID_JSON' => CaseException::class,
        'INPUT_TOO_LARGE' => CaseException::class,
        'INVALID_INPUT' => CaseException::class,
        'CATALOG_ERROR' => CatalogException::class,
        'IO' => CatalogException::class,
        'NOT_FOUND' => NotFoundException::class,
        'OUT_OF_RANGE' => CalendarRangeException::class,
        'PANIC' => InternalException::class,
        'POISONED' => InternalException::class,
    ];

    /**
     * The exception for a failure described by the library's error JSON.
     *
     * @param array<mixed> $details the decoded error JSON (may be empty)
     * @param class-string<TthcException>|null $invalidInput the class for a
     *        plain INVALID_INPUT, where the call says more than the library
     *        (a date function's INVALID_INPUT is an InvalidDateException)
     */
    public static function fromDetails(Status $status, array $details, ?string $invalidInput = null): TthcException
    {
        $kind = (string) ($details['kind'] ?? strtolower(str_replace('_', '-', $status->name)));
        $class = self::BY_KIND[$kind]
            ?? ($status === Status::INVALID_INPUT && $invalidInput !== null ? $invalidInput : null)
            ?? self::BY_STATUS[$status->name]
            ?? TthcException::class;
        /** @var array<string, mixed> $details */
        return new $class(
            (string) ($details['message'] ?? $status->name),
            $status,
            $kind,
            (string) ($details['help'] ?? ''),
            $details,
        );
    }
}
