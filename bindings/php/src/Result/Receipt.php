<?php

declare(strict_types=1);

namespace Tthc\Result;

/** How a decision was reached: engine version, catalogue hash, the instant rules were taken at, and every policy considered. */
final readonly class Receipt
{
    /**
     * @param list<AppliedPolicy> $applied
     * @param list<NotAppliedPolicy> $notApplied
     * @param list<string> $unconfirmed facts used that no source confirms, as "path: status"
     */
    public function __construct(
        public string $engineVersion,
        /** SHA-256 of the catalogue (Engine::contentHash()). */
        public string $catalogueHash,
        public \DateTimeImmutable $referenceInstant,
        public array $applied,
        public array $notApplied,
        public array $unconfirmed,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('engine_version'), $r->str('catalogue_hash'), $r->instant('reference_instant'), $r->list('applied', AppliedPolicy::read(...)), $r->list('not_applied', NotAppliedPolicy::read(...)), $r->strings('unconfirmed'));
    }
}
