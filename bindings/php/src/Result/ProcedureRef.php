<?php

declare(strict_types=1);

namespace Tthc\Result;

/** The procedure version a decision applied: its id, national code (null when no source gives one), name and validity. */
final readonly class ProcedureRef
{
    public function __construct(
        public string $id,
        public ?string $code,
        public string $name,
        public ?string $nameEn,
        public string $sector,
        /** "national", or "overlay:<province>" for a province's own version. */
        public string $source,
        /** confirmed, secondary, derived or unconfirmed. */
        public string $status,
        public ?\DateTimeImmutable $validFrom,
        public ?\DateTimeImmutable $validTo,
    ) {
    }

    /** @internal */
    public static function read(Read $r): self
    {
        return new self($r->str('id'), $r->optStr('code'), $r->str('name'), $r->optStr('name_en'), $r->str('sector'), $r->str('source'), $r->str('status'), $r->optDate('valid_from'), $r->optDate('valid_to'));
    }
}
