<?php

declare(strict_types=1);

namespace Tthc\Exception;

use Tthc\Status;

/**
 * Which exception class a failed call throws. The library's table of kinds
 * and statuses (tthc_error_kinds_json(), from crates/tthc-ffi/src/status.rs)
 * gives every kind its status; the family follows the status, except for
 * the kinds below that have a family of their own, as in the Python
 * package's CLASS_OF_KIND (bindings/python/tthc/_errors.py). The tests check
 * both maps against the library's table: every kind it lists gets a family,
 * and every kind named here is one of its kinds.
 *
 * @internal
 */
final class Errors
{
    /** @var array<string, class-string<TthcException>> kinds whose family is not their status's */
    private const BY_KIND = [
        'procedure-not-in-force' => NotInForceException::class,
        'province-not-in-force' => NotInForceException::class,
        'no-calendar' => CalendarException::class,
        'no-office-hours' => CalendarException::class,
        'invalid-event' => DossierException::class,
        'no-events' => DossierException::class,
        'as-of-before-events' => DossierException::class,
        'invalid-dossier' => DossierException::class,
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
        'NOT_RECORDED' => DeadlineException::class,
    ];

    /**
     * The family of a kind reported with a status; the base class for a
     * status this binding does not map.
     *
     * @return class-string<TthcException>
     */
    public static function classOf(string $kind, Status $status): string
    {
        return self::BY_KIND[$kind] ?? self::BY_STATUS[$status->name] ?? TthcException::class;
    }

    /** @return list<string> the kinds that have a family of their own */
    public static function ownFamilies(): array
    {
        return array_keys(self::BY_KIND);
    }

    /**
     * The exception for a failure described by the library's error JSON.
     *
     * @param array<mixed> $details the decoded error JSON (may be empty)
     */
    public static function fromDetails(Status $status, array $details): TthcException
    {
        $kind = (string) ($details['kind'] ?? strtolower(str_replace('_', '-', $status->name)));
        $class = self::classOf($kind, $status);
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
